import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import new_page
from tests.factories import ChannelFactory
from topics.models import Topic

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_francophone_uses_the_site_in_french_end_to_end(browser, live_server):
    ChannelFactory(name="Economy & society", name_fr="Économie & société", slug="economie")
    page = new_page(browser, live_server, locale="fr-FR")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(
        page.get_by_role(
            "heading", name="Le réseau des web-TV collaboratives de tous les professionnels."
        )
    ).to_be_visible()
    page.get_by_role("link", name="Inscription").click()

    page.get_by_label("Nom complet").fill("Élodie Martin")
    page.get_by_label(re.compile(r"^\s*E-mail")).fill("elodie@example.com")
    page.get_by_label(re.compile(r"^\s*Mot de passe\*?\s*$")).fill("123")
    page.get_by_label(re.compile(r"Mot de passe \(confirmation\)")).fill("123")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text(re.compile("Ce mot de passe est trop court"))).to_be_visible()

    page.get_by_label(re.compile(r"^\s*Mot de passe\*?\s*$")).fill("une-phrase-solide-2030")
    page.get_by_label(re.compile(r"Mot de passe \(confirmation\)")).fill("une-phrase-solide-2030")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("summary", has_text="Élodie Martin")).to_be_visible()

    page.get_by_role("link", name="Proposer un sujet").first.click()
    page.get_by_role("combobox", name=re.compile(r"^\s*Chaîne")).select_option(
        label="Économie & société"
    )
    page.get_by_role("button", name="Soumettre aux organisateurs").click()
    expect(page.get_by_text("Merci de corriger les erreurs ci-dessous.")).to_be_visible()
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()

    page.get_by_label(re.compile(r"^\s*Titre")).fill("La semaine de quatre jours")
    page.get_by_label(re.compile(r"^\s*Résumé")).fill("Retour d'expérience de trois entreprises.")
    page.get_by_label(re.compile(r"^\s*Texte complet")).fill("Ce qui a marché, et ce qui a coincé.")
    page.get_by_role("button", name="Soumettre aux organisateurs").click()
    expect(page.get_by_text("Votre sujet est proposé.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sujet proposé par")).to_be_visible()
    assert Topic.objects.get().language == "fr"

    page.get_by_role("textbox", name=re.compile(r"^\s*Commentaire")).fill("Premier commentaire !")
    page.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    expect(
        page.locator(".comment header").get_by_text("Commentaire d'Élodie Martin")
    ).to_be_visible()

    page.get_by_role("link", name="Rechercher").first.click()
    page.get_by_label("Rechercher des sujets").fill("quatre jours")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="La semaine de quatre jours")).to_be_visible()
