"""The inbound edge: routes, request and response schemas, authentication, problem rendering."""
