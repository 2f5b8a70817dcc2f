"""Every view carries exactly one access rule from mindhaven.policy."""

from mindhaven import create_app
from mindhaven.policy import RULE_ATTR
from tests.conftest import app_env


def test_every_route_declares_an_access_rule(tmp_path):
    app = create_app({"TESTING": True}, env=app_env(f"sqlite:///{tmp_path}/x.db"))
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not getattr(app.view_functions[rule.endpoint], RULE_ATTR, None)
    ]
    assert missing == []
    admin_rules = {
        getattr(app.view_functions[r.endpoint], RULE_ATTR)
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/admin")
    }
    assert admin_rules == {"role:admin"}
