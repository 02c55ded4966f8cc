"""What gunicorn and Django believe of X-Forwarded-Proto from 127.0.0.1: only
what TRUST_X_FORWARDED_PROTO says. gunicorn's default trusted it from loopback
and made every share link https://, whatever the setting."""

import re

SCENARIO = "Samsung as lead EV supplier"  # the analyst's, in the demo data


def share_links_made_with_https_claimed(server, scheme):
    """The links on the sharing page after making one, for an owner whose
    every request says X-Forwarded-Proto: https and who sends the Referer of
    scheme, the one the app should take it to be on."""
    owner = server.visitor(scheme=scheme, **{"X-Forwarded-Proto": "https"})
    owner.log_in("analyst", "partnership-analyst")
    sharing = f"/scenarios/{server.scenario_id(SCENARIO)}/sharing/"
    assert owner.submit(sharing, form={"action": f"{sharing}links/"}).status == 302
    links = re.findall(r'value="([^"]*/s/[^"]+)"', owner.get(sharing).text)
    assert links
    return links


def test_without_trust_x_forwarded_proto_a_share_link_stays_http_whatever_the_client_claims(served):
    links = share_links_made_with_https_claimed(served, scheme="http")
    assert all(link.startswith(f"http://127.0.0.1:{served.port}/s/") for link in links), links


def test_with_trust_x_forwarded_proto_a_share_link_made_over_https_is_https(behind_proxy):
    links = share_links_made_with_https_claimed(behind_proxy, scheme="https")
    assert all(link.startswith(f"https://127.0.0.1:{behind_proxy.port}/s/") for link in links), links
