from django.core import checks


def test_healthz_reports_ok_when_database_and_cache_work(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"


def test_healthz_reports_degraded_but_stays_up_when_a_runtime_check_fails(client, db):
    def broken(app_configs, **kwargs):
        return [checks.Error("索引目录不可写", id="test.E001")]

    checks.register(broken, "runtime")
    try:
        response = client.get("/healthz")
    finally:
        checks.registry.registry.registered_checks.discard(broken)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["test.E001"] == "索引目录不可写"


def test_healthz_fails_with_503_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr("config.health.database_problem", lambda: "OperationalError: connection refused")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_public_pages_forbid_inline_scripts(client, home_page):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
