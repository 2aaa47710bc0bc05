"""Health checks that domains add for /healthz: name → function returning "ok" or "error";
and details (name → function returning a fact, e.g. the search backend) reported beside them."""
CHECKS = {}
DETAILS = {}


def _registrar(registry: dict, name: str):
    def register(func):
        registry[name] = func
        return func

    return register


def health_check(name):
    return _registrar(CHECKS, name)


def health_detail(name):
    """A fact /healthz reports beside the checks, never a failure."""
    return _registrar(DETAILS, name)


def run_checks() -> dict:
    return {name: check() for name, check in CHECKS.items()}


def run_details() -> dict:
    return {name: detail() for name, detail in DETAILS.items()}
