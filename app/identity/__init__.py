"""Sign-in with SPID and CIE through an OpenID Connect identity gateway (a relying party).

Off unless ``OIDC_ISSUER`` is set. The fiscal number the gateway sends is kept only as a
keyed HMAC (``IDENTITY_HASH_KEY``), used to recognise the same person at the next sign-in.
"""
