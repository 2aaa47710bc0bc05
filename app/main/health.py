"""Health checks that domains add for /healthz: name → function returning "ok" or "error"."""
CHECKS = {}


def health_check(name):
    def register(func):
        CHECKS[name] = func
        return func

    return register


def run_checks() -> dict:
    return {name: check() for name, check in CHECKS.items()}
