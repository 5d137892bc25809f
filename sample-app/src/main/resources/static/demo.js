// Demo page of the SSE broadcast sample. Plain browser JavaScript, no libraries, so that the
// page works offline. URLs are relative, so the page also works under a context path.
(() => {
	'use strict';

	const MAX_LOG_ENTRIES = 200;
	// 'message' also receives events without a name; 'notification' comes only to a signed-in
	// page, sent to its user
	const BROADCAST_EVENTS = ['ping', 'message', 'progress', 'notification'];
	// what the stream's 'topic' parameter takes
	const TOPIC = /^[A-Za-z0-9_.:\/-]{1,128}$/;

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
		const idCell = cell('id', id ? '#' + id : '');
		idCell.title = id || '';
		entry.append(cell('time', new Date().toLocaleTimeString()), cell('event', event), idCell, cell('data', data));
		log.prepend(entry);
		while (log.children.length > MAX_LOG_ENTRIES) {
			log.lastElementChild.remove();
		}
	}

	function parseJson(text) {
		try {
			return JSON.parse(text);
		}
		catch (ex) {
			return null;
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

	// EventSource hides why a connection failed: ask again to read the problem response.
	async function explainFailure(url, error) {
		const abort = new AbortController();
		try {
			const response = await fetch(url, { signal: abort.signal, cache: 'no-store' });
			if (response.ok) {
				abort.abort();
				showError(error, response.status === 204 ? 'Nothing left to send' : 'Connection failed');
			}
			else {
				showError(error, await problemDetail(response));
			}
		}
		catch (ex) {
			showError(error, 'Connection failed: ' + ex.message);
		}
	}

	// ---- The instance that answers --------------------------------------------------------

	// With the relay on, several instances of the sample share one audience: the page shows
	// which one it is connected to, and that its counts are that instance's.
	const instance = { relayed: false };

	const RELAYS = { 'redis': 'Redis' };

	async function refreshInstance() {
		try {
			const response = await fetch('api/instance', { cache: 'no-store' });
			if (!response.ok) {
				return;
			}
			const info = await response.json();
			const suffix = ':' + info.port;
			$('instance-name').textContent = info.name.endsWith(suffix) ? info.name
				: info.name + ' (port ' + info.port + ')';
			instance.relayed = info.relay !== 'none';
			const relay = $('instance-relay');
			relay.dataset.relay = info.relay;
			relay.textContent = instance.relayed
				? 'Relayed to every instance over ' + (RELAYS[info.relay] || info.relay)
				: 'No relay: this instance only';
			$('client-count-label').textContent = instance.relayed ? 'Clients of this instance' : 'Connected clients';
		}
		catch (ex) {
			// keep what the page shows
		}
	}

	// ---- Broadcast stream -----------------------------------------------------------------

	const broadcast = {
		source: null,
		status: $('broadcast-status'),
		log: $('broadcast-log'),
		error: $('broadcast-error'),
		notice: $('broadcast-notice'),
		count: $('client-count'),
		topics: $('topic-list'),
		progress: 0,
		// the id of the last event received: Reconnect resumes after it
		lastEventId: ''
	};

	function selectedTopics() {
		return Array.from(broadcast.topics.querySelectorAll('input[name="topic"]:checked'), (box) => box.value);
	}

	function broadcastUrl(resume) {
		const params = new URLSearchParams();
		selectedTopics().forEach((topic) => params.append('topic', topic));
		if (resume && broadcast.lastEventId) {
			// a new EventSource cannot send a Last-Event-ID header; its own reconnects send one,
			// which the server prefers to this parameter
			params.set('lastEventId', broadcast.lastEventId);
		}
		const query = params.toString();
		return 'sse/broadcast' + (query ? '?' + query : '');
	}

	// The replay or reset notice, in a live region that stays in the page so that screen
	// readers announce each new text.
	function showNotice(kind, text) {
		if (!text) {
			broadcast.notice.replaceChildren();
			return;
		}
		const notice = broadcast.notice.firstElementChild || broadcast.notice.appendChild(document.createElement('p'));
		notice.className = 'notice';
		notice.dataset.kind = kind;
		notice.textContent = text;
	}

	function setConnectButtons(connected) {
		$('connect').disabled = connected;
		// Reconnect resumes after the last event received
		$('connect').textContent = (!connected && broadcast.lastEventId) ? 'Reconnect' : 'Connect';
		$('disconnect').disabled = !connected;
	}

	function connect() {
		if (broadcast.source) {
			return;
		}
		showNotice('', '');
		open(true);
	}

	function open(resume) {
		showError(broadcast.error, '');
		const url = broadcastUrl(resume);
		const source = new EventSource(url);
		broadcast.source = source;
		setStatus(broadcast.status, 'connecting', 'Connecting');
		setConnectButtons(true);
		source.onopen = () => {
			setStatus(broadcast.status, 'connected', 'Connected');
			refreshClientCount();
			refreshInstance();
		};
		source.onerror = () => {
			if (source !== broadcast.source) {
				return;
			}
			if (source.readyState === EventSource.CONNECTING) {
				// the browser reconnects by itself, after the server's retry: time, and sends the
				// id of the last event it received in a Last-Event-ID header
				setStatus(broadcast.status, 'reconnecting', 'Reconnecting');
			}
			else {
				disconnect('failed', 'Connection failed');
				explainFailure(url, broadcast.error);
			}
		};
		// the first event of every connection, the browser's own reconnects included
		source.addEventListener('connected', (event) => {
			addLogEntry(broadcast.log, 'connected', '', event.data);
			const data = parseJson(event.data);
			if (data && typeof data.replayed === 'number') {
				// the events missed follow, before the live ones
				const n = data.replayed;
				showNotice('replayed', 'Replayed ' + n + ' missed event' + ((n === 1) ? '' : 's'));
			}
		});
		source.addEventListener('reset', reload);
		BROADCAST_EVENTS.forEach((name) => source.addEventListener(name, (event) => {
			if (event.lastEventId) {
				broadcast.lastEventId = event.lastEventId;
			}
			addLogEntry(broadcast.log, name, event.lastEventId, event.data);
		}));
		source.addEventListener('notification', showNotification);
	}

	const RESET_REASONS = {
		'unknown': 'the server does not know the last event received: it restarted, or the event came from another server',
		'expired': 'the server no longer keeps the last event received',
		'too-far-behind': 'too many events were missed'
	};

	// The server cannot send the events missed: what the page shows may lack some, so start
	// its state afresh, and go on with the live events.
	async function reload(event) {
		showNotice('reset', 'History lost: reloading');
		const data = parseJson(event.data) || {};
		// the reset event's id names the place after the newest event: the next reconnect
		// resumes from there
		broadcast.lastEventId = event.lastEventId;
		broadcast.log.replaceChildren();
		addLogEntry(broadcast.log, 'reset', event.lastEventId, event.data);
		await refreshClientCount();
		showNotice('reset', 'History lost: reloaded, as ' + (RESET_REASONS[data.reason] || 'the server said so')
			+ '. Live events follow.');
	}

	function disconnect(state, text) {
		if (broadcast.source) {
			broadcast.source.close();
			broadcast.source = null;
		}
		setStatus(broadcast.status, state || 'disconnected', text || 'Disconnected');
		setConnectButtons(false);
		refreshClientCount();
	}

	// A new subscription, which resumes after the last event received: the broadcasts to
	// everyone go on without a gap.
	function resubscribe() {
		if (broadcast.source) {
			broadcast.source.close();
			open(true);
		}
	}

	function topicsChanged() {
		const topics = selectedTopics();
		$('topic-summary').textContent = topics.length ? 'Selected: ' + topics.join(', ') + '.' : 'Selected: none.';
		resubscribe();
	}

	function topicBox(topic) {
		return Array.from(broadcast.topics.querySelectorAll('input[name="topic"]')).find((box) => box.value === topic);
	}

	function addTopic(event) {
		event.preventDefault();
		const input = $('topic-new');
		const topic = input.value.trim();
		if (!TOPIC.test(topic)) {
			showError(broadcast.error, 'Topic "' + topic + '" is invalid: use 1 to 128 letters, digits or _ . : / -');
			input.focus();
			return;
		}
		showError(broadcast.error, '');
		let box = topicBox(topic);
		if (!box) {
			box = document.createElement('input');
			box.type = 'checkbox';
			box.name = 'topic';
			box.value = topic;
			const label = document.createElement('label');
			label.className = 'chip';
			label.append(box, ' ' + topic);
			broadcast.topics.append(label);
			const option = document.createElement('option');
			option.value = topic;
			$('topic-options').append(option);
		}
		input.value = '';
		if (!box.checked) {
			box.checked = true;
			topicsChanged();
		}
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

	const broadcastOutput = { result: $('send-result'), error: broadcast.error };

	// Send, and tell how many clients the server queued the event for.
	async function post(url, body, audience, output = broadcastOutput) {
		const result = output.result;
		showError(output.error, '');
		result.textContent = '';
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body)
			});
			if (response.ok) {
				const answer = await response.json();
				const n = answer.connected;
				// with the relay, the count is of this instance's clients; the others get it too
				result.textContent = 'Sent ' + answer.event + ' to ' + audience + ': queued for ' + n + ' client'
					+ ((n === 1) ? '' : 's') + (instance.relayed ? ' of this instance, and relayed to the others.' : '.');
			}
			else {
				showError(output.error, await problemDetail(response));
			}
		}
		catch (ex) {
			showError(output.error, 'Request failed: ' + ex.message);
		}
		refreshClientCount();
	}

	function broadcastPing() {
		post('api/broadcast', { event: 'ping', data: { time: new Date().toISOString() } }, 'everyone');
	}

	function messageTopic() {
		return $('message-topic').value.trim();
	}

	function broadcastMessage(event) {
		event.preventDefault();
		const body = { event: 'message', data: { text: $('message-text').value } };
		const topic = messageTopic();
		if (topic) {
			// the server checks it, and answers a bad one with a problem
			body.topic = topic;
		}
		post('api/broadcast', body, topic ? 'topic ' + topic : 'everyone');
	}

	function broadcastProgress() {
		broadcast.progress = (broadcast.progress >= 100) ? 10 : broadcast.progress + 10;
		const done = broadcast.progress === 100;
		post('api/broadcast/progress', {
			taskId: 'demo-task',
			progress: broadcast.progress,
			status: done ? 'Done' : 'Step ' + broadcast.progress / 10 + ' of 10',
			state: done ? 'completed' : 'running'
		}, 'everyone');
	}

	$('connect').addEventListener('click', connect);
	$('disconnect').addEventListener('click', () => disconnect());
	$('topic-list').addEventListener('change', topicsChanged);
	$('topic-form').addEventListener('submit', addTopic);
	$('broadcast-ping').addEventListener('click', broadcastPing);
	$('send-form').addEventListener('submit', broadcastMessage);
	const labelSendButton = () => {
		$('broadcast-message').textContent = messageTopic() ? 'Publish Message' : 'Broadcast Message';
	};
	$('message-topic').addEventListener('input', labelSendButton);
	$('message-topic').addEventListener('change', labelSendButton);
	$('broadcast-progress').addEventListener('click', broadcastProgress);
	$('broadcast-clear').addEventListener('click', () => broadcast.log.replaceChildren());

	// A page opened with ?lastEventId= resumes after that event when Reconnect is clicked: with
	// the relay, an event received from another instance has the same id on this one.
	const resumeFrom = new URLSearchParams(window.location.search).get('lastEventId');
	if (resumeFrom) {
		broadcast.lastEventId = resumeFrom;
		setConnectButtons(false);
	}

	// ---- Notifications to the signed-in user -----------------------------------------------

	// The broadcast stream of a signed-in page is opened as its user (the session cookie goes
	// with it): it also receives the 'notification' events sent to that user.
	const notifications = {
		list: $('notification-list'),
		output: { result: $('notification-result'), error: $('notification-error') }
	};

	async function refreshUser() {
		let name = null;
		try {
			const response = await fetch('api/me', { cache: 'no-store' });
			if (response.ok) {
				name = (await response.json()).name;
			}
		}
		catch (ex) {
			// shown as not signed in
		}
		$('sign-in').hidden = !!name;
		$('signed-in-as').hidden = !name;
		$('notifications-signed-out').hidden = !!name;
		$('notifications-signed-in').hidden = !name;
		if (name) {
			$('user-name').textContent = name;
			// someone else to notify: the first demo user that is not this one
			const others = Array.from($('user-options').options, (option) => option.value).filter((user) => user !== name);
			$('notification-to').value = others[0] || name;
		}
	}

	function showNotification(event) {
		const data = parseJson(event.data) || { from: '?', text: event.data };
		const entry = document.createElement('li');
		entry.dataset.from = data.from;
		entry.append(cell('time', new Date().toLocaleTimeString()), cell('from', data.from), cell('text', data.text));
		notifications.list.prepend(entry);
		while (notifications.list.children.length > MAX_LOG_ENTRIES) {
			notifications.list.lastElementChild.remove();
		}
	}

	function sendNotification(event) {
		event.preventDefault();
		const to = $('notification-to').value.trim();
		post('api/notifications', { to: to, text: $('notification-text').value }, to, notifications.output);
	}

	$('notification-form').addEventListener('submit', sendNotification);

	refreshUser();
	refreshInstance();
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
				explainFailure(url, stream.error);
			}
		};
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
		'curl -N "' + origin + 'sse/broadcast?topic=orders&topic=alerts"',
		'curl -X POST ' + origin + "api/broadcast -H 'Content-Type: application/json' -d '{\"data\":{\"text\":\"order 1\"},\"topic\":\"orders\"}'",
		'curl -N ' + origin + "sse/broadcast -H 'Last-Event-ID: <id of the last event received>'",
		'curl -N "' + origin + 'sse?count=3&intervalMs=500"',
		'curl ' + origin + 'api/instance',
		'curl ' + origin + 'openapi/v3.1/openapi.json'
	].join('\n');
})();
