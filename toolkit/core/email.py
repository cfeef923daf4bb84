"""Plain-text emails, sent one way: rendered without HTML escaping, sent as 8-bit UTF-8.

- No escaping: a template's `{{ name }}` in a text email must print O'Brien, not O&#x27;Brien.
- 8-bit: Python picks quoted-printable for any body with a line over 78 characters, which
  breaks a long link with "=" at the end of a line. Real mail programs join it again; a
  person copying from the console backend (development) or a plain-text viewer gets a broken
  link. 8-bit keeps every line, and so every link, whole (RFC 6152; lines stay far below
  the 998-character limit)."""

import email.policy

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import Context, engines
from django.template.loader import render_to_string


class PlainTextEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        if not message.is_multipart():
            message.set_content(self.body, subtype="plain", charset="utf-8", cte="8bit")
        return message


class TextAndHtmlEmail(EmailMultiAlternatives):
    """The text part first, the HTML part as its alternative; both parts 8-bit, for the same
    reason as PlainTextEmail (a long link stays whole in either)."""

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                part.set_content(self.body, subtype="plain", charset="utf-8", cte="8bit")
            elif part.get_content_type() == "text/html":
                html = self.alternatives[0].content
                part.set_content(html, subtype="html", charset="utf-8", cte="8bit")
        return message


def text_render(template_name: str, context: dict) -> str:
    """A text template rendered as text: nothing HTML-escaped."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def email_send(
    *, to: str, subject: str, template_name: str, context: dict, html_template_name: str = ""
) -> None:
    """Send one email: plain text, and with `html_template_name` an HTML alternative too
    (rendered as HTML, escaped as usual). Mail-server errors are raised (OSError), for the
    caller to decide whether the action stands without the email."""
    fields = {
        "subject": " ".join(subject.split()),  # a subject is one line
        "body": text_render(template_name, context),
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [to],
    }
    if not html_template_name:
        PlainTextEmail(**fields).send()
        return
    message = TextAndHtmlEmail(**fields)
    message.attach_alternative(render_to_string(html_template_name, context), "text/html")
    message.send()
