"""Resilience for outbound vendor calls: one module per layer, composed in pipeline.py."""

from .pipeline import CallReport, ResiliencePipeline, build_pipeline
from .settings import ResilienceSettings

__all__ = ["CallReport", "ResiliencePipeline", "ResilienceSettings", "build_pipeline"]
