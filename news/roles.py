"""Back-office permissions the news app grants to each role (joined by `setup_roles`)."""

from hospital.roles import EDITOR, TRANSLATOR, crud

ROLE_PERMISSIONS = {
    EDITOR: [
        *crud("news", "newsitem"),
        "news.publish_newsitem",
        *crud("news", "event"),
        "news.publish_event",
        *crud("news", "keyfigure"),
        *crud("news", "category"),
        *crud("news", "tag"),
    ],
    TRANSLATOR: [
        *crud("news", "newsitem", ("view", "change")),
        *crud("news", "event", ("view", "change")),
        *crud("news", "keyfigure", ("view", "change")),
        *crud("news", "category", ("view", "change")),
        *crud("news", "tag", ("view", "change")),
    ],
}
