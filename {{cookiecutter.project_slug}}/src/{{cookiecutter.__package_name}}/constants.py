"""The answers this project was generated with.

This is one of the few files the template renders; every other module reads answers from
here (or from settings, whose defaults come from here) instead of having them pasted in.
"""

CUSTOMER_NAME = {{ cookiecutter.customer_name | python_string }}
VENDOR_NAME = {{ cookiecutter.vendor_name | python_string }}
INTEGRATION_NAME = {{ cookiecutter.integration_name | python_string }}
PROJECT_SLUG = {{ cookiecutter.project_slug | python_string }}

RESOURCE_NAME = {{ cookiecutter.resource_name | python_string }}
RESOURCE_PLURAL = {{ cookiecutter.__resource_plural | python_string }}

VENDOR_BASE_URL = {{ cookiecutter.vendor_base_url | python_string }}
VENDOR_RATE_LIMIT = {{ cookiecutter.vendor_rate_limit | python_string }}
VENDOR_HONOURS_IDEMPOTENCY_KEYS = {{ "True" if cookiecutter.vendor_idempotency_keys else "False" }}
VENDOR_AUTH_SCHEME = {{ cookiecutter.vendor_auth | python_string }}
VENDOR_PAGINATION_STYLE = {{ cookiecutter.vendor_pagination | python_string }}

DATA_CLASSIFICATION = {{ cookiecutter.data_classification | python_string }}
INBOUND_AUTH = {{ cookiecutter.inbound_auth | python_string }}
STATE_BACKEND = {{ cookiecutter.state_backend | python_string }}

# What callers see in the OpenAPI document and in clients generated from it: schemas named
# for the resource (Contact, ContactCreate, ContactPage) and operation ids such as
# "contacts-get" (api/openapi.py, api/routes.py).
RESOURCE_SCHEMA_NAME = "".join(word.capitalize() for word in RESOURCE_NAME.split("_"))
OPERATION_ID_PREFIX = RESOURCE_PLURAL.replace("_", "-")

READ_SCOPE = f"{RESOURCE_PLURAL}:read"
WRITE_SCOPE = f"{RESOURCE_PLURAL}:write"
