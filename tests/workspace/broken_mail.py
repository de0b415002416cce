from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


class UnreachableBackend(BaseEmailBackend):
    """A mail server that cannot even be connected to."""

    def open(self):
        raise ConnectionRefusedError("SMTP server unreachable")

    def send_messages(self, email_messages):
        raise AssertionError("never reached: open() failed")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses mails to one address and takes the others."""

    refused = "refused@example.com"

    def send_messages(self, email_messages):
        from django.core import mail

        for message in email_messages:
            if self.refused in message.to:
                raise ValueError("550 mailbox unavailable")
            mail.outbox.append(message)
        return len(email_messages)


class RefusingAllBackend(BaseEmailBackend):
    """A mail server that takes the connection and refuses every mail."""

    def send_messages(self, email_messages):
        raise ValueError("554 transaction failed")
