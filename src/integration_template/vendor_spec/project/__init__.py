"""Files `integration-template new --vendor-spec` copies into a project as they are: the
vendor-models tool (tools/vendor_models.py) and the test that keeps its output fresh
(tests/unit/test_spec_models.py). The template's own model generation imports the tool, so
the command-line tool and `make vendor-models` write the same bytes."""
