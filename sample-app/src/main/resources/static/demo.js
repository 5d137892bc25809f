// Demo page of the SSE broadcast sample. Plain browser JavaScript, no libraries, so that the
// page works offline. URLs are relative, so the page also works under a context path.
(() => {
	'use strict';

	const MAX_LOG_ENTRIES = 200;
	const BROADCAST_EVENTS = ['connected', 'ping', 'message', 'progress'];

	const $ = (id) => document.getElementById(id);

	function setStatus(pill, state, text) {
		pill.dataset.state = state;
		pill.textContent = text;
	}

	function showError(element, text) {
		element.textContent = text;
		element.hidden = !text;
	}

	function cell(className, text) {
		const span = document.createElement('span');
		span.className = className;
		span.textContent = text;
		return span;
	}

	// Newest entry first. Data is shown with textContent, never parsed as HTML.
	function addLogEntry(log, event, id, data) {
		const entry = document.createElement('li');
		entry.dataset.event = event;
		entry.dataset.id = id || '';
		entry.append(cell('time', new Date().toLocaleTimeString()), cell('event', event),
			cell('id', id ? '#' + id : ''), cell('data', data));
		log.prepend(entry);
		while (log.children.length > MAX_LOG_ENTRIES) {
			log.lastElementChild.remove();
		}
	}

	async function problemDetail(response) {
		try {
			const body = await response.json();
			return body.detail || body.title || 'HTTP ' + response.status;
		}
		catch (ex) {
			return 'HTTP ' + response.status;
		}
	}

	// ---- Broadcast stream -----------------------------------------------------------------

	const broadcast = {
		source: null,
		status: $('broadcast-status'),
		log: $('broadcast-log'),
		error: $('broadcast-error'),
		count: $('client-count'),
		progress: 0
	};

	function connect() {
		if (broadcast.source) {
			return;
		}
		const source = new EventSource('sse/broadcast');
		broadcast.source = source;
		setStatus(broadcast.status, 'connecting', 'Connecting');
		$('connect').disabled = true;
		$('disconnect').disabled = false;
		source.onopen = () => {
			setStatus(broadcast.status, 'connected', 'Connected');
			refreshClientCount();
		};
		source.onerror = () => {
			if (source.readyState === EventSource.CONNECTING) {
				// the browser reconnects by itself, after the server's retry: time
				setStatus(broadcast.status, 'reconnecting', 'Reconnecting');
			}
			else {
				disconnect('failed', 'Connection failed');
			}
		};
		// 'message' also receives events without a name
		BROADCAST_EVENTS.forEach((name) => source.addEventListener(name, (event) => {
			addLogEntry(broadcast.log, name, event.lastEventId, event.data);
		}));
	}

	function disconnect(state, text) {
		if (broadcast.source) {
			broadcast.source.close();
			broadcast.source = null;
		}
		setStatus(broadcast.status, state || 'disconnected', text || 'Disconnected');
		$('connect').disabled = false;
		$('disconnect').disabled = true;
		refreshClientCount();
	}

	async function refreshClientCount() {
		try {
			const response = await fetch('api/clients', { cache: 'no-store' });
			if (response.ok) {
				broadcast.count.textContent = (await response.json()).connected;
			}
		}
		catch (ex) {
			broadcast.count.textContent = '-';
		}
	}

	async function post(url, body) {
		showError(broadcast.error, '');
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body)
			});
			if (!response.ok) {
				showError(broadcast.error, await problemDetail(response));
			}
		}
		catch (ex) {
			showError(broadcast.error, 'Request failed: ' + ex.message);
		}
		refreshClientCount();
	}

	function broadcastPing() {
		post('api/broadcast', { event: 'ping', data: { time: new Date().toISOString() } });
	}

	function broadcastMessage() {
		post('api/broadcast', { event: 'message', data: { text: $('message-text').value } });
	}

	function broadcastProgress() {
		broadcast.progress = (broadcast.progress >= 100) ? 10 : broadcast.progress + 10;
		const done = broadcast.progress === 100;
		post('api/broadcast/progress', {
			taskId: 'demo-task',
			progress: broadcast.progress,
			status: done ? 'Done' : 'Step ' + broadcast.progress / 10 + ' of 10',
			state: done ? 'completed' : 'running'
		});
	}

	$('connect').addEventListener('click', connect);
	$('disconnect').addEventListener('click', () => disconnect());
	$('broadcast-ping').addEventListener('click', broadcastPing);
	$('broadcast-message').addEventListener('click', broadcastMessage);
	$('broadcast-progress').addEventListener('click', broadcastProgress);
	$('broadcast-clear').addEventListener('click', () => broadcast.log.replaceChildren());

	// The live count: polled once a second while the page is visible.
	refreshClientCount();
	setInterval(() => {
		if (!document.hidden) {
			refreshClientCount();
		}
	}, 1000);

	// ---- Per-connection stream ------------------------------------------------------------

	const stream = {
		source: null,
		status: $('stream-status'),
		log: $('stream-log'),
		error: $('stream-error'),
		progress: $('stream-progress'),
		count: 0,
		intervalMs: 0,
		lastId: 0,
		opened: false
	};

	function streamUrl() {
		let url = 'sse?count=' + encodeURIComponent(stream.count) + '&intervalMs=' + encodeURIComponent(stream.intervalMs);
		if (stream.lastId > 0) {
			// EventSource sends Last-Event-ID only when it reconnects by itself
			url += '&lastEventId=' + stream.lastId;
		}
		return url;
	}

	function setStreamButtons(running, paused) {
		$('stream-start').disabled = running;
		$('stream-pause').disabled = !running && !paused;
		$('stream-pause').textContent = paused ? 'Resume' : 'Pause';
		$('stream-stop').disabled = !running && !paused;
	}

	function startStream() {
		closeStream();
		stream.count = $('stream-count').value.trim();
		stream.intervalMs = $('stream-interval').value.trim();
		stream.lastId = 0;
		stream.log.replaceChildren();
		stream.progress.max = Math.max(1, Number(stream.count) || 1);
		stream.progress.value = 0;
		openStream();
	}

	function openStream() {
		showError(stream.error, '');
		const url = streamUrl();
		const source = new EventSource(url);
		stream.source = source;
		stream.opened = false;
		setStatus(stream.status, 'connecting', 'Connecting');
		setStreamButtons(true, false);
		source.addEventListener('connected', (event) => {
			stream.opened = true;
			setStatus(stream.status, 'streaming', 'Streaming');
			addLogEntry(stream.log, 'connected', '', event.data);
		});
		source.addEventListener('tick', (event) => {
			stream.opened = true;
			stream.lastId = Number(event.lastEventId);
			stream.progress.value = stream.lastId;
			setStatus(stream.status, 'streaming', 'Tick ' + stream.lastId + ' of ' + stream.count);
			addLogEntry(stream.log, 'tick', event.lastEventId, event.data);
		});
		source.addEventListener('complete', (event) => {
			addLogEntry(stream.log, 'complete', '', event.data);
			// the server ends the stream now: close it, or the browser would reconnect
			closeStream();
			setStatus(stream.status, 'complete', 'Complete');
			setStreamButtons(false, false);
		});
		source.onerror = () => {
			if (source.readyState === EventSource.CONNECTING) {
				// resumes by itself with Last-Event-ID
				setStatus(stream.status, 'reconnecting', 'Reconnecting');
				return;
			}
			closeStream();
			setStreamButtons(false, false);
			setStatus(stream.status, 'failed', 'Failed');
			if (!stream.opened) {
				explainFailure(url);
			}
		};
	}

	// EventSource hides why a connection failed: ask again to read the problem response.
	async function explainFailure(url) {
		const abort = new AbortController();
		try {
			const response = await fetch(url, { signal: abort.signal, cache: 'no-store' });
			if (response.ok) {
				abort.abort();
				showError(stream.error, response.status === 204 ? 'Nothing left to send' : 'Connection failed');
			}
			else {
				showError(stream.error, await problemDetail(response));
			}
		}
		catch (ex) {
			showError(stream.error, 'Connection failed: ' + ex.message);
		}
	}

	function closeStream() {
		if (stream.source) {
			stream.source.close();
			stream.source = null;
		}
	}

	function pauseOrResumeStream() {
		if (stream.source) {
			closeStream();
			setStatus(stream.status, 'paused', 'Paused after tick ' + stream.lastId);
			setStreamButtons(false, true);
		}
		else {
			openStream();
		}
	}

	function stopStream() {
		closeStream();
		setStatus(stream.status, 'idle', 'Stopped');
		setStreamButtons(false, false);
	}

	$('stream-start').addEventListener('click', startStream);
	$('stream-pause').addEventListener('click', pauseOrResumeStream);
	$('stream-stop').addEventListener('click', stopStream);

	// ---- curl examples for this server ----------------------------------------------------

	const origin = window.location.origin + window.location.pathname.replace(/[^/]*$/, '');
	$('curl-examples').textContent = [
		'curl -N ' + origin + 'sse/broadcast',
		'curl -X POST ' + origin + "api/broadcast -H 'Content-Type: application/json' -d '{\"event\":\"message\",\"data\":{\"text\":\"hello\"}}'",
		'curl -N "' + origin + 'sse?count=3&intervalMs=500"',
		'curl ' + origin + 'openapi/v3.1/openapi.json'
	].join('\n');
})();
