"""The shared test kit: helpers behind the fixtures in tests/conftest.py.

Test modules take fixtures; they import from here only what a fixture cannot give, such as
bytes built at collection time for `parametrize`.
"""
