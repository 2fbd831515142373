"""deploy/k8s: every overlay builds with kustomize, and every object it renders validates
against the schema of a pinned Kubernetes version, offline."""

from __future__ import annotations

import functools
import importlib
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.deploy.tools import ROOT, package_name, run, settings_variables, tool

# The oldest Kubernetes version the manifests are checked against (kubernetes-validate ships
# the schemas); raise it with the clusters you deploy to.
KUBERNETES_VERSION = "1.33.0"
OVERLAYS = ("staging", "production")
# Custom resources: no schema in kubernetes-validate; checked by their own tests below.
CUSTOM_API_GROUPS = ("monitoring.coreos.com/",)


@functools.cache
def built(overlay: str) -> tuple[dict[str, Any], ...]:
    output = run([tool("kubectl"), "kustomize", f"deploy/k8s/overlays/{overlay}"])
    return tuple(document for document in yaml.safe_load_all(output) if document)


def objects(overlay: str, kind: str) -> list[dict[str, Any]]:
    return [document for document in built(overlay) if document["kind"] == kind]


def service_deployment(overlay: str) -> dict[str, Any]:
    (deployment,) = [
        document
        for document in objects(overlay, "Deployment")
        if document["metadata"]["name"] == service_name()
    ]
    return deployment


def service_name() -> str:
    service = yaml.safe_load((ROOT / "deploy/k8s/base/service.yaml").read_text(encoding="utf-8"))
    name: str = service["metadata"]["name"]
    return name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_validates_against_the_kubernetes_schema(overlay: str) -> None:
    for document in built(overlay):
        if document["apiVersion"].startswith(CUSTOM_API_GROUPS):
            continue
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_overlay_has_the_objects_a_replicated_service_needs(overlay: str) -> None:
    kinds = {document["kind"] for document in built(overlay)}
    wanted = {
        "Namespace",
        "ConfigMap",
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
    }
    assert wanted <= kinds
    assert "Secret" not in kinds, "secret values are never in the manifests"
    namespaces = {document["metadata"].get("namespace") for document in built(overlay)}
    assert len(namespaces - {None}) == 1


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_deployment_is_replicated_probed_limited_and_locked_down(overlay: str) -> None:
    deployment = service_deployment(overlay)
    spec = deployment["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert deployment["spec"]["replicas"] >= 2
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert "memory" in container["resources"]["limits"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert {constraint["topologyKey"] for constraint in spec["topologySpreadConstraints"]} >= {
        "topology.kubernetes.io/zone"
    }
    image = container["image"]
    assert ":" in image, "the overlay pins an image tag"
    (hpa,) = objects(overlay, "HorizontalPodAutoscaler")
    assert hpa["spec"]["minReplicas"] >= 2


def test_termination_grace_outlasts_the_vendor_deadline() -> None:
    resilience = importlib.import_module(f"{package_name()}.resilience")
    deadline = resilience.ResilienceSettings.model_fields["total_deadline"].default
    for overlay in OVERLAYS:
        spec = service_deployment(overlay)["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        pause = int(container["lifecycle"]["preStop"]["exec"]["command"][-1])
        assert spec["terminationGracePeriodSeconds"] > deadline + pause


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_manifests_name_only_variables_the_settings_read(overlay: str) -> None:
    known = settings_variables()
    (config_map,) = [
        document
        for document in objects(overlay, "ConfigMap")
        if document["metadata"]["name"].startswith(service_name())
    ]
    (container,) = service_deployment(overlay)["spec"]["template"]["spec"]["containers"]
    named = set(config_map["data"]) | {variable["name"] for variable in container["env"]}
    assert named <= known, f"no settings class reads {sorted(named - known)}"
    for variable in container["env"]:
        reference = variable["valueFrom"]["secretKeyRef"]
        assert reference["key"] == variable["name"], "one Secret key per variable, named like it"


def test_the_production_overlay_adds_a_service_monitor_for_the_metrics_port() -> None:
    (monitor,) = objects("production", "ServiceMonitor")
    (service,) = objects("production", "Service")
    ports = {port["name"] for port in service["spec"]["ports"]}
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["port"] in ports
        assert endpoint["path"] == "/metrics"
    assert (
        monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    )
