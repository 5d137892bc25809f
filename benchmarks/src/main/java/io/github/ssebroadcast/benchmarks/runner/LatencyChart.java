package io.github.ssebroadcast.benchmarks.runner;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.github.ssebroadcast.benchmarks.runner.SystemResults.RampStep;

/**
 * Draws p99 latency against the offered rate of the ramp, one line per system, and one per
 * setup of the relay scenario, on a logarithmic latency axis, as a PNG. Failed steps are
 * drawn as hollow markers.
 */
final class LatencyChart {

	private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
			new Color(0x7f7f7f), new Color(0x9467bd) };

	private static final int WIDTH = 960;

	private static final int HEIGHT = 560;

	private static final int LEFT = 80;

	private static final int RIGHT = 220;

	private static final int TOP = 50;

	private static final int BOTTOM = 60;

	private LatencyChart() {
	}

	static void write(List<SystemResults> results, Path file) throws IOException {
		List<Series> series = new ArrayList<>();
		List<String> clients = new ArrayList<>();
		for (SystemResults r : results) {
			if (!r.ramp.isEmpty()) {
				series.add(new Series(r.system.name(), r.ramp));
			}
		}
		if (!series.isEmpty()) {
			clients.add("1,000 clients");
		}
		for (SystemResults r : results) {
			if (r.relay != null) {
				series.add(new Series("relay: one instance", r.relay.one().ramp()));
				series.add(new Series("relay: two + Redis", r.relay.two().ramp()));
				clients.add(String.format(Locale.ROOT, "relay: %,d clients", r.relay.clients()));
			}
		}
		write(series, "p99 publish-to-receipt latency vs offered deliveries/s"
				+ (clients.isEmpty() ? "" : " (" + String.join("; ", clients) + ")"), file);
	}

	private static void write(List<Series> series, String title, Path file) throws IOException {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		double maxRate = 1;
		double minLatency = 1;
		double maxLatency = 10;
		for (Series line : series) {
			for (RampStep step : line.steps()) {
				maxRate = Math.max(maxRate, step.offered());
				if (step.p99Millis() > 0 && !Double.isNaN(step.p99Millis())) {
					minLatency = Math.min(minLatency, step.p99Millis());
					maxLatency = Math.max(maxLatency, step.p99Millis());
				}
			}
		}
		double xMax = niceCeiling(maxRate);
		double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, minLatency))));
		double yMax = Math.pow(10, Math.ceil(Math.log10(maxLatency)));
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		// grid and axes
		for (int i = 0; i <= 10; i++) {
			int x = LEFT + plotWidth * i / 10;
			g.setColor(new Color(0xeeeeee));
			g.drawLine(x, TOP, x, TOP + plotHeight);
			g.setColor(Color.DARK_GRAY);
			String label = String.format(Locale.ROOT, "%,.0fk", xMax * i / 10 / 1000);
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 18);
		}
		for (double y = yMin; y <= yMax * 1.001; y *= 10) {
			int py = yPixel(y, yMin, yMax, plotHeight);
			g.setColor(new Color(0xdddddd));
			g.drawLine(LEFT, py, LEFT + plotWidth, py);
			g.setColor(Color.DARK_GRAY);
			String label = (y >= 1) ? String.format(Locale.ROOT, "%,.0f ms", y) : String.format(Locale.ROOT, "%.2f ms", y);
			g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
		}
		g.setColor(Color.BLACK);
		g.drawRect(LEFT, TOP, plotWidth, plotHeight);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(title, LEFT, TOP - 20);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString("offered deliveries per second (events/s x clients)", LEFT + plotWidth / 2 - 140, HEIGHT - 18);
		// series
		for (int s = 0; s < series.size(); s++) {
			Series line = series.get(s);
			Color color = COLORS[s % COLORS.length];
			g.setColor(color);
			g.setStroke(new BasicStroke(2f));
			int previousX = -1;
			int previousY = -1;
			for (RampStep step : line.steps()) {
				if (Double.isNaN(step.p99Millis())) {
					continue;
				}
				int x = LEFT + (int) Math.round(plotWidth * step.offered() / xMax);
				int y = yPixel(Math.max(yMin, step.p99Millis()), yMin, yMax, plotHeight);
				if (previousX >= 0) {
					g.drawLine(previousX, previousY, x, y);
				}
				if (step.passed()) {
					g.fillOval(x - 4, y - 4, 9, 9);
				}
				else {
					g.drawOval(x - 5, y - 5, 10, 10);
				}
				previousX = x;
				previousY = y;
			}
			int legendY = TOP + 20 + s * 22;
			g.drawLine(LEFT + plotWidth + 15, legendY - 4, LEFT + plotWidth + 40, legendY - 4);
			g.fillOval(LEFT + plotWidth + 24, legendY - 8, 9, 9);
			g.setColor(Color.BLACK);
			g.drawString(line.name(), LEFT + plotWidth + 48, legendY);
		}
		g.setColor(Color.DARK_GRAY);
		int noteY = TOP + 30 + series.size() * 22;
		g.drawString("filled: no loss, keeping up", LEFT + plotWidth + 15, noteY);
		g.drawString("hollow: lost events or fell behind", LEFT + plotWidth + 15, noteY + 16);
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	/**
	 * One line of the chart.
	 *
	 * @param name its name in the legend
	 * @param steps the ramp's steps
	 */
	private record Series(String name, List<RampStep> steps) {

	}

	private static int yPixel(double value, double min, double max, int plotHeight) {
		double fraction = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
		return TOP + plotHeight - (int) Math.round(plotHeight * fraction);
	}

	private static double niceCeiling(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * magnitude >= value) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

}
