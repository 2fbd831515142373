"""What operators see: structured, redacted logs (logs.py, redaction.py), the access line
(access_log.py), vendor events (vendor.py) and Prometheus metrics (metrics.py)."""

from .access_log import AccessLogMiddleware
from .logs import LoggingSetup
from .metrics import Metrics, install_metrics_endpoint
from .redaction import Redactor, secret_values_of
from .vendor import VendorObserver

__all__ = [
    "AccessLogMiddleware",
    "LoggingSetup",
    "Metrics",
    "Redactor",
    "VendorObserver",
    "install_metrics_endpoint",
    "secret_values_of",
]
