"""The nginx configuration shipped in deploy/nginx/, run for real in front of
`make serve` on loopback (Debian's nginx; `make test` installs it)."""

import re
import shutil
import subprocess

from .served import NGINX, ROOT, Visitor, get, nginx_main_config

DEPLOY = ROOT / "deploy" / "nginx"
CERTIFICATE = "/etc/ssl/partnership/fullchain.pem"
KEY = "/etc/ssl/partnership/privkey.pem"


def test_the_tls_site_passes_nginxs_own_check_once_a_certificate_is_in_place(tmp_path):
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=scenarios.example.com", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (DEPLOY / "partnership.conf").read_text()
    assert CERTIFICATE in site and KEY in site
    site = site.replace(CERTIFICATE, str(certificate)).replace(KEY, str(key))
    (tmp_path / "partnership.conf").write_text(site)
    (tmp_path / "snippets").mkdir()
    shutil.copy(DEPLOY / "partnership-proxy.conf", tmp_path / "snippets")
    (tmp_path / "nginx.conf").write_text(nginx_main_config(tmp_path, f"include {tmp_path}/partnership.conf;"))

    config, log = tmp_path / "nginx.conf", tmp_path / "error.log"
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(log)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_through_nginx_the_server_header_is_nginx_without_a_version_and_never_gunicorn(nginx):
    for path in ("/healthz", "/login/", "/no-such-page/"):
        answer = get(nginx.port, path)
        assert answer.headers.get_all("Server") == ["nginx"], path
        assert not any("gunicorn" in value.lower() for value in answer.headers.values()), path


def test_behind_nginx_the_throttle_and_the_audit_trail_see_the_client_not_a_forged_address(
    nginx, behind_proxy
):
    # From 127.0.0.2, so that the client's address differs from nginx's (127.0.0.1).
    client = Visitor(nginx.port, source="127.0.0.2", **{"X-Forwarded-For": "203.0.113.9"})
    failed = client.submit("/login/", {"username": "demo", "password": "wrong"})
    assert failed.status == 200 and "correct username and password" in failed.text
    where = "username = 'demo'"  # no other test logs in as demo behind the proxy
    assert behind_proxy.query(f"select ip_address from axes_accessattempt where {where}") == [("127.0.0.2",)]
    audited = f"select ip_address from scenarios_auditevent where action = 'login_failed' and {where}"
    assert behind_proxy.query(audited) == [("127.0.0.2",)]


def test_nginx_replaces_a_clients_own_x_forwarded_proto_so_links_keep_the_scheme_and_port_it_was_reached_on(
    nginx, behind_proxy
):
    # The app behind nginx trusts X-Forwarded-Proto; nginx on plain HTTP must say http.
    owner = Visitor(nginx.port, **{"X-Forwarded-Proto": "https"})
    owner.log_in("analyst", "partnership-analyst")
    sharing = f"/scenarios/{behind_proxy.scenario_id('Samsung as lead EV supplier')}/sharing/"
    assert owner.submit(sharing, form={"action": f"{sharing}links/"}).status == 302
    links = re.findall(r'value="([^"]*/s/[^"]+)"', owner.get(sharing).text)
    assert links and all(link.startswith(f"http://127.0.0.1:{nginx.port}/s/") for link in links), links
