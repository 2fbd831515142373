import pytest

from sandbox.__main__ import parse_launch_options
from sandbox.config import SandboxConfig


def test_defaults_match_the_documented_contract() -> None:
    config = SandboxConfig.from_env({})

    assert config == SandboxConfig(
        auth_scheme="api_key_header",
        pagination="cursor",
        api_key="sandbox-api-key",
        bearer_token="sandbox-bearer-token",
        client_id="sandbox-client",
        client_secret="sandbox-client-secret",
        token_ttl_seconds=300,
        hmac_key_id="sandbox-key",
        hmac_secret="sandbox-hmac-secret",
        hmac_skew_seconds=300,
        seed_records=25,
    )


def test_every_setting_is_read_from_its_environment_variable() -> None:
    config = SandboxConfig.from_env(
        {
            "SANDBOX_AUTH_SCHEME": "hmac_signature",
            "SANDBOX_PAGINATION": "link_header",
            "SANDBOX_API_KEY": "k",
            "SANDBOX_BEARER_TOKEN": "b",
            "SANDBOX_CLIENT_ID": "ci",
            "SANDBOX_CLIENT_SECRET": "cs",
            "SANDBOX_TOKEN_TTL": "60",
            "SANDBOX_HMAC_KEY_ID": "hk",
            "SANDBOX_HMAC_SECRET": "hs",
            "SANDBOX_HMAC_SKEW": "5",
            "SANDBOX_SEED_RECORDS": "3",
        }
    )

    assert config == SandboxConfig(
        auth_scheme="hmac_signature",
        pagination="link_header",
        api_key="k",
        bearer_token="b",
        client_id="ci",
        client_secret="cs",
        token_ttl_seconds=60,
        hmac_key_id="hk",
        hmac_secret="hs",
        hmac_skew_seconds=5,
        seed_records=3,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SANDBOX_AUTH_SCHEME": "kerberos"}, "SANDBOX_AUTH_SCHEME must be one of"),
        ({"SANDBOX_PAGINATION": "pages"}, "SANDBOX_PAGINATION must be one of"),
        ({"SANDBOX_TOKEN_TTL": "soon"}, "SANDBOX_TOKEN_TTL must be an integer"),
        ({"SANDBOX_TOKEN_TTL": "0"}, "token_ttl_seconds must be at least 1"),
        ({"SANDBOX_HMAC_SKEW": "-1"}, "hmac_skew_seconds must not be negative"),
        ({"SANDBOX_SEED_RECORDS": "-5"}, "seed_records must not be negative"),
        ({"SANDBOX_API_KEY": ""}, "api_key must not be empty"),
    ],
)
def test_invalid_values_are_rejected_with_a_clear_message(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SandboxConfig.from_env(environ)


def test_command_line_flags_override_the_environment() -> None:
    options = parse_launch_options(
        ["--host", "0.0.0.0", "--port", "9000", "--auth-scheme", "bearer_token"],
        {"SANDBOX_AUTH_SCHEME": "hmac_signature", "SANDBOX_PAGINATION": "offset"},
    )

    assert (options.host, options.port) == ("0.0.0.0", 9000)
    assert options.config.auth_scheme == "bearer_token"
    assert options.config.pagination == "offset"


def test_launch_defaults_to_localhost_8081() -> None:
    options = parse_launch_options([], {})

    assert (options.host, options.port) == ("127.0.0.1", 8081)
    assert options.config == SandboxConfig()


def test_invalid_environment_stops_the_launch() -> None:
    with pytest.raises(SystemExit):
        parse_launch_options([], {"SANDBOX_PAGINATION": "pages"})
