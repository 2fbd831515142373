"""The outbound edge: the vendor client, vendor auth, vendor models and pagination."""
