#!/usr/bin/env python3
"""The automatic path in a burst, measured as a new user would (issue 11, item 7).

Starts the local distribution on fresh ports and a fresh data folder, registers the text detector for a class group
(sampling 0, so no task goes to an operator), serves one shelf PNG on loopback, creates N product-detection
tasks in a burst with a loopback callback, and times until every task reads DONE through
GET /api/v1/tasks/{id}. Then it reads the detector calls' timer from /actuator/prometheus and stops the app
(SIGTERM, waits: it runs PostgreSQL and Elasticsearch as children).

  python3 benchmarks/automatic-path-burst.py --jar=local/target/loupe-local.jar --image=/tmp/shelf.png [--tasks=60]

A harness, not a test: it prints one line of JSON: tasks/s from the first create to the last DONE, the detector
calls' mean and max (loupe.inference.requests), the load average before and after the burst, and the CPU seconds
the app's threads (by name, digits dropped) and its child processes (Elasticsearch, PostgreSQL) used meanwhile,
which says where the time went even when other work shares the machine. One task runs first, unmeasured.
"""
import argparse
import collections
import concurrent.futures
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json",
                                                                        **(headers or {})})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        text = response.read().decode()
        return response.status, text


class Web(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, image):
        self.image = image
        self.callbacks = {}
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.server.image)))
        self.end_headers()
        self.wfile.write(self.server.image)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.callbacks.setdefault(body.get("taskId"), time.monotonic())
        self.send_response(204)
        self.end_headers()


def main():
    options = argparse.ArgumentParser()
    options.add_argument("--jar", default="local/target/loupe-local.jar")
    options.add_argument("--image", required=True)
    options.add_argument("--tasks", type=int, default=60)
    options.add_argument("--label", default="")
    options.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"))
    options.add_argument("--java-option", action="append", default=[])
    options.add_argument("--app-option", action="append", default=[])
    args = options.parse_args()

    data = tempfile.mkdtemp(prefix="loupe-burst-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(data, "app.log"), "w")
    command = [args.java, "-Xmx1g", *args.java_option, "-jar", args.jar, f"--loupe.data-dir={data}/loupe",
               f"--server.port={port}", "--loupe.embedded.zeebe.port=0", "--loupe.embedded.postgres.port=0",
               "--loupe.embedded.kafka.port=0", "--loupe.embedded.kafka.controller-port=0",
               "--loupe.embedded.elasticsearch.port=0", "--loupe.embedded.elasticsearch.transport-port=0",
               "--loupe.embedded.inference.port=0", "--loupe.recipes.watch-directory=", *args.app_option]
    started = time.monotonic()
    app = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    web = Web(open(args.image, "rb").read())
    threading.Thread(target=web.serve_forever, daemon=True).start()
    measured = False
    try:
        deadline = time.monotonic() + 600
        while True:
            if app.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the app did not start; see {data}/app.log")
            try:
                if request("GET", base + "/actuator/health/readiness", timeout=5)[0] == 200:
                    break
            except Exception:
                pass
            time.sleep(1)
        print(f"app up in {time.monotonic() - started:.0f} s", file=sys.stderr)
        request("PUT", base + "/api/v1/models/shelves", {"modelName": "text_detection", "modelVersion": "1",
                                                          "samplingRate": 0, "minConfidence": 0}, timeout=120)
        image = f"http://127.0.0.1:{web.server_address[1]}/shelf.png"
        callback = f"http://127.0.0.1:{web.server_address[1]}/callback"

        def create(key):
            status, text = request("POST", base + "/api/v1/tasks", {
                "type": "product-detection",
                "classGroup": {"key": "shelves", "classes": [{"id": "price-tag", "name": "Price tag"}]},
                "images": [image], "callbackUrl": callback}, headers={"Idempotency-Key": key})
            return json.loads(text)["id"]

        def wait_done(ids, limit):
            """Polls GET /api/v1/tasks/{id}: a task whose callback came every 50 ms, the others every 2 s."""
            done, asked = {}, {}
            end = time.monotonic() + limit
            while len(done) < len(ids) and time.monotonic() < end:
                now = time.monotonic()
                for task in ids:
                    due = task in web.callbacks or now - asked.get(task, 0) >= 2
                    if task not in done and due:
                        asked[task] = now
                        status = json.loads(request("GET", f"{base}/api/v1/tasks/{task}")[1]).get("status")
                        if status == "DONE":
                            done[task] = time.monotonic()
                time.sleep(0.05)
            return done

        # one task first, so that the burst does not measure the first call of every code path
        warm = create("warm-up")
        wait_done([warm], 120)
        metrics_before = detector_timer(base)
        load_before = os.getloadavg()
        first = time.monotonic()
        cpu_before = thread_cpu(app.pid)
        with concurrent.futures.ThreadPoolExecutor(8) as clients:  # a burst: 8 clients at once
            ids = list(clients.map(create, [f"burst-{i}" for i in range(args.tasks)]))
        created = time.monotonic() - first
        done = wait_done(ids, 600)
        last = max(done.values()) if done else time.monotonic()
        load_after = os.getloadavg()
        cpu = thread_cpu(app.pid) - cpu_before
        metrics_after = detector_timer(base)
        calls = metrics_after[0] - metrics_before[0]
        seconds = metrics_after[1] - metrics_before[1]
        wall = last - first
        print(json.dumps({
            "label": args.label, "tasks": args.tasks, "done": len(done), "created_in_s": round(created, 2),
            "wall_s": round(wall, 2), "tasks_per_s": round(len(done) / wall, 2),
            "detector_calls": calls, "detector_call_mean_ms": round(1000 * seconds / calls, 1) if calls else None,
            "detector_call_max_ms": round(1000 * metrics_after[2], 1),
            "callbacks": sum(1 for task in ids if task in web.callbacks),
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
            "cores": os.cpu_count(),
            "cpu_s_by_thread": {name: round(seconds, 1) for name, seconds in cpu.most_common(12)},
            "cpu_s_total": round(sum(cpu.values()), 1)}))
        measured = True
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(120)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        web.shutdown()
        log.close()
        if measured:
            shutil.rmtree(data, ignore_errors=True)
        else:
            print(f"kept {data} (app.log) for a look", file=sys.stderr)


def thread_cpu(pid):
    """CPU seconds by thread name (digits dropped) of the app's threads, plus its child processes by name."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = collections.Counter()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{task}/stat").read()
        except OSError:
            continue
        name = re.sub(r"\d+", "N", stat[stat.index("(") + 1:stat.rindex(")")])
        fields = stat[stat.rindex(")") + 2:].split()
        seconds[name] += (int(fields[11]) + int(fields[12])) / tick
    for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        for process in [child] + subprocess.run(["pgrep", "-P", child], capture_output=True, text=True).stdout.split():
            try:
                stat = open(f"/proc/{process}/stat").read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            name = "child:" + stat[stat.index("(") + 1:stat.rindex(")")]
            seconds[name] += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return seconds


def detector_timer(base):
    """(count, sum seconds, max seconds) of loupe.inference.requests for the detector, successful calls."""
    text = request("GET", base + "/actuator/prometheus")[1]
    values = {"count": 0.0, "sum": 0.0, "max": 0.0}
    for line in text.splitlines():
        match = re.match(r'loupe_inference_requests_seconds_(count|sum|max)\{([^}]*)\} (\S+)', line)
        if match and 'model="text_detection"' in match.group(2) and 'outcome="OK"' in match.group(2):
            values[match.group(1)] += float(match.group(3))
    return values["count"], values["sum"], values["max"]


if __name__ == "__main__":
    main()
