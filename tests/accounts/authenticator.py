"""A software WebAuthn authenticator for server-side tests: a real EC P-256 key, attestation "none".

It answers the options the site sends exactly as a browser with a security key would (the JSON
of `PublicKeyCredential.toJSON()`), so the tests run the site's real ceremonies; keyword
arguments bend one part of the answer (origin, signature, counter) to play an attacker.
"""

import hashlib
import json
import os
from base64 import urlsafe_b64decode, urlsafe_b64encode

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40
AAGUID = bytes(16)  # "none" attestation: all zeros


def b64url(data):
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftwareAuthenticator:
    def __init__(self, origin="http://testserver"):
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.user_handle = None

    def cose_public_key(self):
        numbers = self.key.public_key().public_numbers()
        # kty EC2, alg ES256, crv P-256, x, y (RFC 9053)
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind, challenge, origin):
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()  # fmt: skip

    def _authenticator_data(self, rp_id, flags, attested=False):
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + self.sign_count.to_bytes(4, "big")
        if attested:
            data += AAGUID + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self.cose_public_key()
        return data

    def register(self, options, origin=None, rp_id=None):
        """The answer to `navigator.credentials.create()` for the site's options (JSON text or dict)."""
        options = json.loads(options) if isinstance(options, (str, bytes)) else options
        self.user_handle = options["user"]["id"]
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = self._authenticator_data(rp_id or options["rp"]["id"], UP | UV | AT, attested=True)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return json.dumps({
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "authenticatorAttachment": "cross-platform", "clientExtensionResults": {},
            "response": {"clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation),
                         "transports": ["usb"]},
        })  # fmt: skip

    def sign_in(self, options, origin=None, rp_id=None, count=None, bad_signature=False):
        """The answer to `navigator.credentials.get()`; the counter grows by one unless `count` is given."""
        options = json.loads(options) if isinstance(options, (str, bytes)) else options
        self.sign_count = self.sign_count + 1 if count is None else count
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._authenticator_data(rp_id or options["rpId"], UP | UV)
        signed = auth_data + hashlib.sha256(client_data).digest()
        if bad_signature:
            signed = signed[:-1] + bytes([signed[-1] ^ 1])
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps({
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "authenticatorAttachment": "cross-platform", "clientExtensionResults": {},
            "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                         "signature": b64url(signature), "userHandle": self.user_handle},
        })  # fmt: skip
