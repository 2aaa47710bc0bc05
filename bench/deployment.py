"""python -m bench deployment: the platform as docs/deploy.md deploys it, measured.

Two layouts behind the same nginx (TLS, a self-signed certificate, the guide's proxy
settings), on the demo network (seed-demo), driven by wrk over https:

The proxy passes $http_host (the port included): this run's nginx listens on a free port,
where the guide's $host (no port) would make the CSRF referrer check refuse every form.

- one machine:  one gunicorn server, 4 sync workers, SQLite, no Redis (the README's default);
- two machines: two gunicorn servers of 2 sync workers each, separate instance folders, one
  PostgreSQL and one Redis (DATABASE_URL and REDIS_URL of the environment, e.g. under
  scripts/with-redis.sh scripts/with-postgres.sh, which give TEST_DATABASE_URL/TEST_REDIS_URL).

For each: requests/s of the home page and of a thread page, anonymous and signed in, and
the failed logins for one account that got through when 40 were sent alternating between
the servers (the limit is 10 a minute).
"""
import http.cookiejar
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import load, report

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "data" / "deployment"
SITE_HOST = "forum.bench.test"
MEMBER = ("member@demo.forum.test", "demo-password")
NGINX_CONF = """
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    access_log off;
    upstream forum {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name {host};
        ssl_certificate {prefix}/cert.pem;
        ssl_certificate_key {prefix}/key.pem;
        client_max_body_size 3m;
        location /static/ {{ alias {static}/; expires 7d; }}
        location / {{
            proxy_pass http://forum;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def say(message: str) -> None:
    print(message, flush=True)


def environment(folder: Path, database_url: str | None, redis_url: str | None, port: int) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEST_", "DATABASE_URL", "REDIS_URL"))}
    env.update(BENCH_INSTANCE=str(folder), SECRET_KEY="bench-deployment-secret-key-0123456789",
               SITE_URL=f"https://{SITE_HOST}:{port}", TRUSTED_PROXIES="1", GUNICORN_BIND=f"127.0.0.1:{load.free_port()}")
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def flask(env: dict, *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "bench.deploy_wsgi:app", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout


class Server:
    """gunicorn bench.deploy_wsgi:app with the repository's gunicorn.conf.py."""

    def __init__(self, env: dict, workers: int):
        self.env, self.workers = env, workers
        self.address = env["GUNICORN_BIND"]

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--log-level", "warning",
                   "bench.deploy_wsgi:app"]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**self.env, "ACCESS_LOG": "false"})
        _wait_for(f"http://{self.address}/healthz")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Nginx:
    def __init__(self, servers: list[Server], port: int):
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.port = port
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        f"/CN={SITE_HOST}", "-keyout", str(self.prefix / "key.pem"), "-out", str(self.prefix / "cert.pem")],
                       check=True, capture_output=True)
        upstreams = "\n".join(f"        server {server.address};" for server in servers)
        (self.prefix / "nginx.conf").write_text(NGINX_CONF.format(
            prefix=self.prefix, servers=upstreams, port=port, host=SITE_HOST, static=ROOT / "app" / "static"))

    def __enter__(self):
        self.process = subprocess.Popen(["nginx", "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                                         "-g", "daemon off;"])
        _wait_for(self.url("/healthz"))
        return self

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)
        shutil.rmtree(self.prefix, ignore_errors=True)


UNVERIFIED = ssl._create_unverified_context()  # the self-signed certificate of this run


def _wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5, context=UNVERIFIED)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                       urllib.request.HTTPSHandler(context=UNVERIFIED)), jar


def _post_login(opener, nginx: Nginx, email: str, password: str) -> int:
    page = opener.open(nginx.url("/auth/login")).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    request = urllib.request.Request(nginx.url("/auth/login"), data=data, headers={"Referer": nginx.url("/auth/login")})
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


def session_cookie(nginx: Nginx) -> str:
    opener, jar = _opener()
    _post_login(opener, nginx, *MEMBER)
    page = opener.open(nginx.url("/account/")).read().decode()
    if "/auth/logout" not in page:
        raise RuntimeError("could not sign in as the demo member through nginx")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def failed_logins_let_through(nginx: Nginx, attempts: int = 40) -> int:
    """Wrong passwords for one account through nginx (which alternates the servers), not refused with 429."""
    through = 0
    for _attempt in range(attempts):
        opener, _jar = _opener()  # a new visitor each time, as a script rotating sessions would
        through += _post_login(opener, nginx, MEMBER[0], "wrong-password") != 429
    return through


def wrk(url: str, seconds: int, cookie: str | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "30s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk got error responses from {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def thread_path(env: dict) -> str:
    code = ("from bench.deploy_wsgi import app\nfrom app.extensions import db\nfrom app.forums.models import Thread\n"
            "with app.app_context():\n    t = db.session.execute(db.select(Thread).order_by(Thread.reply_count.desc())"
            ".limit(1)).scalar_one()\n    print(t.id)")
    thread_id = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                               check=True).stdout.split()[-1]
    return f"/forums/t/{thread_id}"


def prepare(name: str, database_url: str | None, redis_url: str | None, machines: int, port: int) -> list[dict]:
    """Instance folders with a migrated database holding the demo network and their search indexes."""
    envs = []
    for number in range(machines):
        folder = WORK / f"{name}-{number}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        envs.append(environment(folder, database_url, redis_url, port))
    flask(envs[0], "init-db")
    flask(envs[0], "seed-demo")
    for env in envs[1:]:
        flask(env, "init-db")  # this machine's own search index, built from the shared database
    say(f"  {name}: " + flask(envs[0], "doctor").strip().splitlines()[-1])
    return envs


def measure_layout(name: str, envs: list[dict], workers: int, port: int, seconds: int) -> dict:
    servers = [Server(env, workers) for env in envs]
    for server in servers:
        server.__enter__()
    try:
        with Nginx(servers, port) as nginx:
            cookie = session_cookie(nginx)
            thread = thread_path(envs[0])
            figures = {"servers": len(servers), "workers_each": workers}
            for label, path, signed_in in (("home, anonymous", "/", False), ("home, signed in", "/", True),
                                           ("thread, anonymous", thread, False), ("thread, signed in", thread, True)):
                figures[label] = wrk(nginx.url(path), seconds, cookie if signed_in else None)
                say(f"  {name} · {label}: {figures[label]:,.0f} requests/s")
            figures["hello"] = wrk(nginx.url("/bench-hello"), seconds)
            figures["failed logins let through (of 40, limit 10)"] = failed_logins_let_through(nginx)
            say(f"  {name} · failed logins let through: {figures['failed logins let through (of 40, limit 10)']} of 40")
    finally:
        for server in servers:
            server.__exit__()
    return figures


def measure_deployment(seconds: int = 10) -> dict:
    database_url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if not (database_url and redis_url and shutil.which("nginx") and load.wrk_available()):
        sys.exit("bench deployment needs PostgreSQL, Redis, nginx and wrk: run it as\n"
                 "  scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m bench deployment")
    results = {"machine": report.machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    port = load.free_port()
    say("One machine: SQLite, 1 server × 4 workers, no Redis …")
    results["one machine (SQLite)"] = measure_layout("one machine", prepare("one", None, None, 1, port), 4, port,
                                                     seconds)
    say("Two machines: PostgreSQL + Redis, 2 servers × 2 workers …")
    results["two machines (PostgreSQL + Redis)"] = measure_layout(
        "two machines", prepare("two", database_url, redis_url, 2, port), 2, port, seconds)
    path = ROOT / "bench" / "results" / f"deployment-{time.strftime('%Y-%m-%d')}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    say(f"Results written to {path}")
    return results
