#!/usr/bin/env bash
# Starts Redis and two instances of the sample with the relay between them over Redis, and
# stops all three on Ctrl-C, or as soon as one of them ends.
#
#   ./mvnw -q -DskipTests package && sample-app/run-relay.sh
#
# then open http://localhost:8080/ and http://localhost:8081/. Ports can be changed with
# PORT_A, PORT_B and REDIS_PORT; any further argument goes to both instances, for example
# --sse.broadcast.keep-alive=5s. Redis runs without persistence in a temporary directory:
# the events are gone once it stops.
set -euo pipefail

PORT_A="${PORT_A:-8080}"
PORT_B="${PORT_B:-8081}"
REDIS_PORT="${REDIS_PORT:-6390}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/sample-app-0.1.0-SNAPSHOT.jar"

if [[ ! -f "$jar" ]]; then
	echo "run-relay.sh: $jar not found; build it first, from the repository's root:" >&2
	echo "  ./mvnw -q -DskipTests package" >&2
	exit 1
fi
if ! command -v redis-server >/dev/null; then
	echo "run-relay.sh: redis-server not found; install it, e.g. 'sudo apt-get install redis-server'" >&2
	echo "  (Debian, Ubuntu) or 'brew install redis' (macOS)" >&2
	exit 1
fi
if ! command -v java >/dev/null; then
	echo "run-relay.sh: java not found; install Java 17 or later" >&2
	exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/sample-relay.XXXXXX")"
pids=()

stop() {
	trap - EXIT INT TERM
	if ((${#pids[@]})); then
		echo "Stopping the instances and Redis"
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a process in the background, its output prefixed with its name. With '> >(...)' $!
# is the process itself, not the prefixing filter, so that stop() signals the process.
start() {
	local name="$1"
	shift
	"$@" > >(while IFS= read -r line || [[ -n "$line" ]]; do printf '[%s] %s\n' "$name" "$line"; done) 2>&1 &
	pids+=("$!")
}

# Waits until a check passes, as long as all the processes run.
await_ready() {
	local what="$1" i pid
	shift
	for ((i = 0; i < 1200; i++)); do
		if "$@" 2>/dev/null; then
			return 0
		fi
		for pid in "${pids[@]}"; do
			if ! kill -0 "$pid" 2>/dev/null; then
				echo "run-relay.sh: $what did not start" >&2
				exit 1
			fi
		done
		sleep 0.1
	done
	echo "run-relay.sh: $what did not start within 2 minutes" >&2
	exit 1
}

# Whether something listens on a port of 127.0.0.1.
listens() (
	exec 3<>"/dev/tcp/127.0.0.1/$1"
) 2>/dev/null

# Whether the sample on a port answers 200 to GET /api/instance.
answers() (
	exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
	printf 'GET /api/instance HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
	IFS= read -r -t 5 status <&3 || exit 1
	[[ "$status" == "HTTP/1."?" 200"* ]]
) 2>/dev/null

for port in "$REDIS_PORT" "$PORT_A" "$PORT_B"; do
	if listens "$port"; then
		echo "run-relay.sh: port $port is in use; choose others with REDIS_PORT, PORT_A and PORT_B" >&2
		exit 1
	fi
done

start "redis:$REDIS_PORT" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
	--dir "$dir"
await_ready "redis-server on port $REDIS_PORT" listens "$REDIS_PORT"

for port in "$PORT_A" "$PORT_B"; do
	start "$port" java -jar "$jar" --server.port="$port" --sse.broadcast.relay.type=redis \
		--spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" "$@"
done
await_ready "the sample on port $PORT_A" answers "$PORT_A"
await_ready "the sample on port $PORT_B" answers "$PORT_B"

echo
echo "Redis on 127.0.0.1:$REDIS_PORT, with the sample's instances relaying through it:"
echo "  http://localhost:$PORT_A/"
echo "  http://localhost:$PORT_B/"
echo "Ctrl-C stops all three."
echo

# as soon as one ends, stop the others
set +e
while true; do
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "run-relay.sh: a process ended; stopping the others" >&2
			exit 1
		fi
	done
	sleep 1
done
