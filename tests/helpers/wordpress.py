"""What the tests know of the test WordPress (``tests/services/wordpress.py``)."""

SECTION = "مجتمع"
"""The category its seeded posts (and ``add_posts``' by default) are published in."""
