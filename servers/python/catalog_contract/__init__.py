"""The catalog contract (docs/design.md §3) for the Python reference stacks.

Everything but the HTTP layer lives here, shared by servers/fastapi, servers/flask and
servers/drf, as servers/contract/ is for the Node stacks: the store and its seed data, the
fixed bodies, the CORS policy, the JSON codec with JavaScript's number semantics, the
contract's validation issues and the trusted (``VALIDATION=off``) input handling.
"""
