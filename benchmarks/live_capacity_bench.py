"""Live sessions: how many clients sending camera frames one server process can serve.

Prints a table and writes benchmarks/results/live_capacity.json.

One real server process (the app as `mindhaven serve` or gunicorn runs it: Flask-SocketIO in threading mode, real
WebSockets through simple-websocket), on a fresh migrated SQLite file, no Redis. N bookings under way (N clients,
N therapists), every client with the emotion-analysis consent. Each client signs in through the real login form
with `requests`, connects a python-socketio client to `/live` with that cookie, joins its room and turns analysis
on; then, for --seconds, sends a real 320x240 JPEG of a face (scikit-image's astronaut) at --fps frames per second
with `call("frame", ..., timeout=5)`, one frame in flight, as the client page does (a tick is skipped while the
last frame is unanswered). Every frame goes through the whole path: decode, face detection, classification,
smoothing, the per-second aggregates written to the database, the `emotion` event to the room.

Measured per N: the ack round trip (p50/p95/p99/max), lost acks (no answer within 5 s), refused frames, ticks
skipped, frames per second processed, and the CPU used by the server, by this script (the clients' work competes
with the server's for the same cores) and by every other process on the machine (percentages of one core: 200 %
is both cores of a 2-core machine). N steps through --steps until the p95 exceeds --p95-ms or an ack is lost; the
capacity is the largest N with p95 <= --p95-ms and no lost ack.

    .venv/bin/python benchmarks/live_capacity_bench.py [--server werkzeug|gunicorn] [--seconds 15] [--fps 2]
                                                       [--steps 10,20,30,40,50,60,80] [--p95-ms 250]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import cv2
import requests
import socketio
from bench_machine import machine  # noqa: E402 - beside this script
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the account factory lives in tests/
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "live_capacity.json"
NS = "/live"
PASSWORD = "a calm green valley"
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

SERVER = r"""
import json, logging, sys
from mindhaven import create_app

env, port = json.loads(sys.argv[1]), int(sys.argv[2])
app = create_app(env=env)
logging.getLogger("werkzeug").setLevel(logging.WARNING)
app.extensions["socketio"].run(
    app, host="127.0.0.1", port=port, allow_unsafe_werkzeug=True, use_reloader=False, log_output=False
)
"""


def log(message: str) -> None:
    print(message, flush=True)


def machine_busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine, all cores (from /proc/stat: everything but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / CLOCK_TICKS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def face_jpeg() -> bytes:
    """320x240, one face: the top of scikit-image's public-domain astronaut portrait, JPEG quality 70."""
    from skimage import data

    image = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (320, 320), interpolation=cv2.INTER_AREA)
    return cv2.imencode(".jpg", image[:240], [cv2.IMWRITE_JPEG_QUALITY, 70])[1].tobytes()


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MINDHAVEN_ENV": "production",
        "SESSION_COOKIE_SECURE": "0",  # plain http on 127.0.0.1
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "SCHEDULER": "off",
        "ARGON2_TIME_COST": "1",  # sign-ins are not what is measured
        "ARGON2_MEMORY_KIB": "1024",
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "LOGIN_LOCKOUT_THRESHOLD": "1000",
        "RATELIMIT_KEY_PREFIX": f"live-bench-{os.getpid()}",
    }


# The database ------------------------------------------------------------------------------------------------------


def prepare(env: dict[str, str], count: int, folder: Path) -> list[tuple[int, str]]:
    """Migrate, then `count` bookings under way, each with its own client (consented) and therapist."""
    from flask_migrate import upgrade

    from mindhaven import create_app
    from mindhaven.extensions import db
    from tests.helpers import Factory

    app = create_app(env=env)
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        session = db.session
        make = Factory(session)
        pairs = []
        for n in range(1, count + 1):
            booking, _, client = make.session_under_way(pseudonym=f"Client {n}", length_minutes=125)
            pairs.append((booking.id, client.email))
        db.engine.dispose()
    return pairs


# The server ----------------------------------------------------------------------------------------------------------


class Server:
    def __init__(self, kind: str, env: dict[str, str], folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "server.log"
        if kind == "werkzeug":
            command = [sys.executable, "-c", SERVER, json.dumps(env), str(self.port)]
        else:  # as docs/deploy.md runs it
            gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
            command = [gunicorn, "--workers", "1", "--threads", "200", "--bind", f"127.0.0.1:{self.port}"]
            command += ["--log-level", "warning", "mindhaven.wsgi:app"]
        with open(self.log_path, "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                if requests.get(self.url + "/help/crisis", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"server not ready:\n{self.log_path.read_text()}")

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process and its children (gunicorn's worker)."""
        pids, total = {self.process.pid}, 0.0
        changed = True
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime+stime
        while changed:
            changed = False
            for pid, (ppid, _) in stats.items():
                if ppid in pids and pid not in pids:
                    pids.add(pid)
                    changed = True
        for pid in pids:
            total += stats.get(pid, (0, 0))[1] / CLOCK_TICKS
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


# The clients -------------------------------------------------------------------------------------------------------


def sign_in(url: str, email: str) -> str:
    http = requests.Session()
    token = TOKEN.search(http.get(url + "/login", timeout=10).text).group(1)
    response = http.post(
        url + "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed for {email}: {response.status_code}")
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


@dataclass
class Stats:
    rtts: list[float] = field(default_factory=list)
    sent: int = 0
    lost: int = 0
    refused: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


class Client:
    def __init__(self, url: str, booking_id: int, cookie: str) -> None:
        self.booking_id = booking_id
        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(url, headers={"Cookie": cookie}, namespaces=[NS], transports=["websocket"], wait_timeout=20)

    def call(self, event: str, data: dict, timeout: float = 5) -> dict:
        return self.sio.call(event, {"booking_id": self.booking_id, **data}, namespace=NS, timeout=timeout)

    def run(self, jpeg: bytes, start: float, stop: float, period: float, stats: Stats) -> None:
        tick = start + random.random() * period  # the clients' ticks are spread over the period
        while tick < stop:
            now = time.monotonic()
            if now < tick:
                time.sleep(tick - now)
            began = time.perf_counter()
            stats.sent += 1
            try:
                ack = self.call("frame", {"image": jpeg, "captured_at": int(time.time() * 1000)})
            except socketio.exceptions.TimeoutError:
                stats.lost += 1
            except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
                stats.lost += 1
                stats.errors.append(repr(error))
            else:
                if ack.get("ok"):
                    stats.rtts.append(time.perf_counter() - began)
                else:
                    stats.refused += 1
                    stats.errors.append(ack.get("error", "?"))
            tick += period
            while tick < time.monotonic():  # one frame in flight: ticks that passed meanwhile are skipped
                tick += period
                stats.skipped += 1

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001, S110 - closing after a failed run
            pass


def close_all(clients: list[Client]) -> None:
    """In parallel: each close waits up to 3 s for the WebSocket closing handshake (websocket-client's timeout)."""
    threads = [threading.Thread(target=c.close, daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_step(server: Server, pairs, cookies, n: int, jpeg: bytes, args) -> dict:
    clients: list[Client] = []
    try:
        for booking_id, email in pairs[:n]:
            clients.append(Client(server.url, booking_id, cookies[email]))
        for client in clients:
            ack = client.call("join", {}, timeout=20)
            if not ack.get("ok"):
                raise SystemExit(f"join refused: {ack}")
            if not client.call("analysis", {"state": "on"}, timeout=20).get("ok"):
                raise SystemExit("analysis refused")
            warm = client.call("frame", {"image": jpeg}, timeout=20)  # the first frame loads the models
            if not (warm.get("ok") and warm.get("face")):
                raise SystemExit(f"warm-up frame failed: {warm}")
        time.sleep(0.5)
        period = 1.0 / args.fps
        stats = [Stats() for _ in clients]
        start = time.monotonic() + 0.2
        stop = start + args.seconds
        cpu_server, cpu_self, cpu_all = server.cpu_seconds(), sum(os.times()[:2]), machine_busy_seconds()
        threads = [
            threading.Thread(target=c.run, args=(jpeg, start, stop, period, s), daemon=True)
            for c, s in zip(clients, stats, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 30)
        elapsed = time.monotonic() - start
        cpu_server = server.cpu_seconds() - cpu_server
        cpu_self = sum(os.times()[:2]) - cpu_self
        cpu_other = machine_busy_seconds() - cpu_all - cpu_server - cpu_self
    finally:
        close_all(clients)
    rtts = sorted(r for s in stats for r in s.rtts)
    lost = sum(s.lost for s in stats)
    p95 = percentile(rtts, 0.95) * 1000
    errors = sorted({e for s in stats for e in s.errors})
    return {
        "clients": n,
        "seconds": round(elapsed, 2),
        "frames_sent": sum(s.sent for s in stats),
        "frames_answered": len(rtts),
        "frames_per_s": round(len(rtts) / elapsed, 1),
        "frames_per_s_offered": n * args.fps,
        "lost_acks": lost,
        "refused": sum(s.refused for s in stats),
        "ticks_skipped": sum(s.skipped for s in stats),
        "rtt_ms": {
            "p50": round(percentile(rtts, 0.50) * 1000, 1),
            "p95": round(p95, 1),
            "p99": round(percentile(rtts, 0.99) * 1000, 1),
            "max": round(rtts[-1] * 1000, 1) if rtts else None,
            "mean": round(statistics.fmean(rtts) * 1000, 1) if rtts else None,
        },
        "server_cpu_percent": round(100 * cpu_server / elapsed, 0),
        "bench_cpu_percent": round(100 * cpu_self / elapsed, 0),
        "other_cpu_percent": round(max(0.0, 100 * cpu_other / elapsed), 0),  # other processes on the machine
        "errors": errors[:5],
        "meets_target": bool(rtts) and p95 <= args.p95_ms and lost == 0 and not errors,
    }


def table(results: dict) -> str:
    lines = [
        f"Live capacity, one {results['server']} server process, {results['machine']['cores']} CPUs "
        f"({results['machine']['cpu']}), {results['fps']} fps per client, {results['frame_bytes']:,}-byte "
        f"320x240 JPEG, {results['seconds_per_step']:.0f} s per step",
        "",
        "| clients | frames/s offered | frames/s answered | ack p50 | ack p95 | ack p99 | max | lost acks | "
        "ticks skipped | server CPU | bench CPU | other CPU | ok |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in results["steps"]:
        r = s["rtt_ms"]
        lines.append(
            f"| {s['clients']} | {s['frames_per_s_offered']} | {s['frames_per_s']} | {r['p50']} ms | {r['p95']} ms | "
            f"{r['p99']} ms | {r['max']} ms | {s['lost_acks']} | {s['ticks_skipped']} | "
            f"{s['server_cpu_percent']:.0f} % | {s['bench_cpu_percent']:.0f} % | {s['other_cpu_percent']:.0f} % | "
            f"{'yes' if s['meets_target'] else 'no'} |"
        )
    lines.append("")
    lines.append(
        f"Capacity (p95 <= {results['p95_target_ms']} ms, no lost ack): {results['capacity_clients']} clients "
        f"(goal >= {results['goal_clients']}) - {results['frames_per_s_at_capacity']} frames/s"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", choices=("werkzeug", "gunicorn"), default="werkzeug")
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per step")
    parser.add_argument("--fps", type=float, default=2.0, help="frames per second per client")
    parser.add_argument("--steps", default="10,20,30,40,50,60,80")
    parser.add_argument("--p95-ms", type=float, default=250.0)
    parser.add_argument("--goal", type=int, default=50)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    began, load_at_start = time.perf_counter(), os.getloadavg()
    random.seed(20261126)
    jpeg = face_jpeg()

    with tempfile.TemporaryDirectory(prefix="live-bench-") as folder:
        env = server_env(f"sqlite:///{folder}/bench.db")
        log(f"preparing {max(steps)} bookings under way ...")
        pairs = prepare(env, max(steps), Path(folder))
        server = Server(args.server, env, Path(folder))
        try:
            server.wait_ready()
            log(f"{args.server} server up at {server.url} (pid {server.process.pid}); signing in {len(pairs)} clients")
            cookies = {email: sign_in(server.url, email) for _, email in pairs}
            results_steps = []
            for n in steps:
                step = run_step(server, pairs, cookies, n, jpeg, args)
                results_steps.append(step)
                r = step["rtt_ms"]
                log(
                    f"  N={n:>3}: {step['frames_per_s']:>6} frames/s, ack p50 {r['p50']} ms, p95 {r['p95']} ms, "
                    f"lost {step['lost_acks']}, skipped {step['ticks_skipped']}, "
                    f"server CPU {step['server_cpu_percent']:.0f} %, bench CPU {step['bench_cpu_percent']:.0f} %, "
                    f"other processes {step['other_cpu_percent']:.0f} %"
                    + (f", errors {step['errors']}" if step["errors"] else "")
                )
                if not step["meets_target"]:
                    break
                time.sleep(1.0)
        finally:
            server.stop()

    passing = [s for s in results_steps if s["meets_target"]]
    best = max(passing, key=lambda s: s["clients"]) if passing else None
    results = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(load_average_at_start=[round(v, 2) for v in load_at_start]),
        "server": args.server,
        "database": "sqlite",
        "fps": args.fps,
        "frame_bytes": len(jpeg),
        "seconds_per_step": args.seconds,
        "p95_target_ms": args.p95_ms,
        "goal_clients": args.goal,
        "steps": results_steps,
        "capacity_clients": best["clients"] if best else 0,
        "frames_per_s_at_capacity": best["frames_per_s"] if best else 0,
        "meets_goal": bool(best and best["clients"] >= args.goal),
        "total_s": round(time.perf_counter() - began, 1),
    }
    log("")
    log(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    log(f"\nwrote {shown} in {results['total_s']} s total")


if __name__ == "__main__":
    main()
