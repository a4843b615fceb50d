"""Share links for a public page: the networks' own share URLs, so no third-party script is loaded.

`share.js` (self-hosted, allowed by the CSP) adds the browser's native share sheet and a
copy-link button where the browser has them; without JavaScript every target is a plain link.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareTarget:
    key: str  # CSS and test hook: "whatsapp", "facebook", ...
    label: str
    href: str


@dataclass(frozen=True)
class Share:
    url: str
    title: str
    targets: list


def share_targets(url, title):
    """Where a visitor can send `url`, in the order South-East-Asian visitors use them."""
    text = f"{title} {url}" if title else url
    return [
        ShareTarget("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareTarget("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareTarget("line", "LINE", "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url})),
        ShareTarget("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        # mailto: wants %20 for spaces, not "+".
        ShareTarget("email", _("E-mail"), "mailto:?" + urlencode({"subject": title, "body": text}, quote_via=quote)),
    ]


def share_for(request, obj, title):
    """What the share include needs for `obj`: its absolute URL in the visitor's language."""
    url = request.build_absolute_uri(obj.get_absolute_url())
    title = str(title or "")
    return Share(url=url, title=title, targets=share_targets(url, title))
