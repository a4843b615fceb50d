"""Response headers that Django's own settings do not cover: Permissions-Policy, CORP, admin CSP.

The admin may use WebAuthn (staff passkeys, accounts/passkeys.py) in its own frames; public pages
may not, but may open the share sheet (Web Share).

Public pages get `SECURE_CSP` (no inline styles or scripts without the request's nonce). The
admin gets `SECURE_CSP_ADMIN`, which also allows inline style attributes: the widgets it loads
(select2 autocompletes, jQuery UI tabs of modeltranslation) write `style="..."` into the markup
they build, which a strict `style-src` would break.
"""

from django.conf import settings

# Every powerful browser feature off but the one the public pages use: the share button opens the
# phone's share sheet (static/js/share.js, `navigator.share`) from the page itself.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=(self)" if feature == "web-share" else f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "identity-credentials-get",
        "idle-detection", "interest-cohort", "local-fonts", "magnetometer", "microphone", "midi",
        "otp-credentials", "payment", "picture-in-picture", "publickey-credentials-create",
        "publickey-credentials-get", "screen-wake-lock", "serial", "storage-access", "usb", "web-share",
        "window-management", "xr-spatial-tracking",
    )
)  # fmt: skip
ADMIN_PERMISSIONS_POLICY = (
    PERMISSIONS_POLICY.replace("publickey-credentials-create=()", "publickey-credentials-create=(self)")
    .replace("publickey-credentials-get=()", "publickey-credentials-get=(self)")
    .replace("web-share=(self)", "web-share=()")
)


class SecurityHeadersMiddleware:
    """Placed just below Django's CSP middleware, so the admin's policy is chosen before it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path_info.startswith("/admin/")
        response.headers.setdefault("Permissions-Policy", ADMIN_PERMISSIONS_POLICY if admin else PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if admin and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response
