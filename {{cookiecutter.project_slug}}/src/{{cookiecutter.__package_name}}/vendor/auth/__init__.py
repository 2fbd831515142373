"""How the service authenticates to the vendor: one module per scheme.

A generated project keeps only the module for the scheme chosen at generation
time. Each module defines ``VendorAuthSettings`` and ``build_vendor_auth``.
"""
