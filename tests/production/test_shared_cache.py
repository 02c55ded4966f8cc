"""Without REDIS_URL, every gunicorn worker shows what staff saved last: the
workers share one cache (a table in the database), not one each."""

import itertools

import pytest

NEW_NAME = "Redmi Motors"  # shares no word with "Xiaomi", so a stale page cannot pass for a fresh one
probes = itertools.count()


def every_worker_answers(served, visitor, path, workers=2, each=3, limit=300):
    """{worker pid: [page text, ...]}, asking for path until each of the workers
    has answered it `each` times; gunicorn's access log says who answered."""
    texts = {}
    for _ in range(limit):
        probe = f"{path}?probe={next(probes)}"
        answer = visitor.get(probe)
        assert answer.status == 200, (probe, answer.status)
        texts.setdefault(served.worker_of(probe), []).append(answer.text)
        if len(texts) == workers and all(len(seen) >= each for seen in texts.values()):
            return texts
    pytest.fail(
        f"not each of {workers} workers answered {path} {each} times in {limit} requests: {set(texts)}"
    )


def test_after_staff_rename_a_company_in_the_admin_every_worker_shows_the_new_name(served):
    staff = served.visitor()
    staff.log_in("staff", "partnership-staff")
    scenario = served.scenario_id("Samsung as lead EV supplier")
    [(company,)] = served.query("select id from companies_company where slug = 'xiaomi'")
    pages = [f"/scenarios/{scenario}/", "/companies/xiaomi/"]
    for page in pages:
        # Each worker has the page (and the scenario's cached parts) from before the rename.
        before = every_worker_answers(served, staff, page)
        assert all("Xiaomi" in text for texts in before.values() for text in texts)

    saved = staff.submit(
        f"/admin/companies/company/{company}/change/", {"name": NEW_NAME}, form={"id": "company_form"}
    )
    assert saved.status == 302, saved.text
    assert served.query("select name from companies_company where id = ?", company) == [(NEW_NAME,)]

    for page in pages:
        after = every_worker_answers(served, staff, page)
        stale = {worker: sum(NEW_NAME not in text for text in texts) for worker, texts in after.items()}
        assert stale == dict.fromkeys(after, 0), f"{page}: stale answers per worker"
