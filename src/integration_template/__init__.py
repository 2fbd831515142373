"""The command-line tool of the integration-service Cookiecutter template.

`integration-template new` generates a project through cookiecutter's Python API and
`integration-template questions` prints the questionnaire reference.
"""

__all__: list[str] = []
