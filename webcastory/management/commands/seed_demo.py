"""Demo data for development: channels, accounts and a living set of topics.

Idempotent: running it again changes nothing that already exists. It refuses
to create accounts with known passwords when DEBUG is off.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from comments import services as comment_services
from episodes import services as episode_services
from episodes.services import ChapterData
from sponsorship import services as sponsorship_services
from sponsorship.models import (
    InterestStatus,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
    SponsorshipInterest,
)
from topics import services as topic_services
from topics.models import (
    PUBLIC_STATUSES,
    Channel,
    ParticipationRequest,
    ParticipationStatus,
    Studio,
    Topic,
    TopicStatus,
)
from topics.rules import ORGANIZERS_GROUP
from webcastory import demo_episode
from webcastory.demo_images import demo_images_apply

DEMO_PASSWORD = "webcastory-demo"

CHANNELS = [
    ("it-digital", "IT & digital", "IT & numérique", "Software, data, infrastructure and the way digital tools change work.", "Logiciels, données, infrastructures et la façon dont le numérique change le travail.", "#2563eb"),
    ("hr-management", "HR & management", "RH & management", "Hiring, leading teams, hybrid work and careers.", "Recrutement, conduite d'équipe, travail hybride et carrières.", "#0f766e"),
    ("entrepreneurship-innovation-research", "Entrepreneurship, innovation & research", "Entrepreneuriat, innovation & recherche", "Founders, labs and the road from an idea to a company.", "Fondateurs, laboratoires et le chemin de l'idée à l'entreprise.", "#7c3aed"),
    ("business-markets", "Business & professional markets", "Business & marchés professionnels", "Selling to businesses, procurement, partnerships and trade.", "Vendre aux entreprises, achats, partenariats et commerce.", "#b45309"),
    ("decision-making", "Tactical & strategic decision-making", "Décision tactique & stratégique", "How leaders weigh options, risks and timing.", "Comment les dirigeants pèsent options, risques et calendrier.", "#be123c"),
    ("marketing-advertising", "Marketing & advertising", "Marketing & publicité", "Brands, campaigns, media and measuring what works.", "Marques, campagnes, médias et mesure de ce qui marche.", "#c2410c"),
    ("caffeinated-finds", "Caffeinated finds & trends", "Trouvailles & tendances caféinées", "Short, lively takes on what is new and worth a look.", "Des regards courts et vifs sur ce qui est nouveau et mérite le détour.", "#4d7c0f"),
    ("economy-society", "Economy & society", "Économie & société", "Work, growth and the debates that shape them.", "Le travail, la croissance et les débats qui les façonnent.", "#0369a1"),
    ("politoscope", "Politoscope", "Politoscope", "Public policy seen from the professional's desk.", "Les politiques publiques vues depuis le bureau du professionnel.", "#475569"),
]  # fmt: skip

ACCOUNTS = [
    ("admin@webcastory.local", "Ada Admin", "Platform administrator", "Webcastory", {"is_staff": True, "is_superuser": True}),
    ("organizer@webcastory.local", "Olivia Organizer", "Programme editor", "Webcastory", {}),
    ("proposer@webcastory.local", "Paul Proposer", "Head of data", "Nordlicht Analytics", {}),
    ("viewer@webcastory.local", "Valérie Viewer", "HR business partner", "Atelier RH", {}),
    ("sponsor@webcastory.local", "Sam Sponsor", "Partnerships manager", "Brightwave Cloud", {}),
]  # fmt: skip

TOPICS = [
    ("it-digital", "Is your data platform ready for AI agents?", "en", TopicStatus.PROPOSED, "debate", "controversy",
     "Agents that read and write company data raise new questions about access, audit and cost.",
     "Everyone wants agents. Few data teams know **who** will be accountable when one of them deletes the wrong table.\n\n- What access model works?\n- How do you audit an agent?\n- What does it cost to run?"),
    ("hr-management", "Hybrid work, three years on: what stuck?", "en", TopicStatus.ACCEPTED, "talkshow", "case_study",
     "Managers and HR leads compare what they kept, what they dropped and why.",
     "After the rush to remote and the push back to offices, most teams settled somewhere in between. We bring three companies that measured the result."),
    ("entrepreneurship-innovation-research", "From lab bench to first customer", "en", TopicStatus.PROPOSED, "interview", "testimony",
     "Researchers who founded companies tell how they found their first paying customer.",
     "Deep-tech founders often know their science better than their market. This show asks what they wish they had done in the first year."),
    ("business-markets", "Winning public tenders as a small company", "en", TopicStatus.SCHEDULED, "workshop", "methodology",
     "A practical method to read, qualify and answer public calls for tender.",
     "Public buyers want more small suppliers, but the paperwork scares them off. An experienced bid manager walks through a real file."),
    ("decision-making", "Deciding under uncertainty: scenarios or bets?", "en", TopicStatus.PUBLISHED, "debate", "controversy",
     "Two strategists disagree on how to decide when the future is unreadable.",
     "Scenario planning and explicit bets are two schools. We put them face to face on a concrete case."),
    ("marketing-advertising", "La fin des cookies tiers : et maintenant ?", "fr", TopicStatus.PROPOSED, "talkshow", "trends",
     "Ce que les annonceurs changent vraiment depuis la disparition des cookies tiers.",
     "Mesure, ciblage, contextuel : les équipes marketing ont dû revoir leurs **méthodes**. Retour d'expérience et perspectives."),
    ("caffeinated-finds", "Five tools our guests could not live without", "en", TopicStatus.PROPOSED, "talkshow", "trends",
     "A fast-paced round of the small tools that save professionals hours.",
     "Each guest brings one tool, two minutes, one demo. The audience votes for the one they will try on Monday."),
    ("economy-society", "Le travail des seniors, angle mort des entreprises ?", "fr", TopicStatus.PROPOSED, "debate", "controversy",
     "Pourquoi les plus de 55 ans restent à l'écart des recrutements, et comment changer cela.",
     "Entre discours et pratiques, l'écart reste grand. Nous réunissons DRH, économistes et salariés concernés."),
    ("politoscope", "What the new AI rules mean for SMEs", "en", TopicStatus.PROPOSED, "keynote", "methodology",
     "A clear walk through the obligations that reach small and medium companies.",
     "Regulation is coming into force step by step. Which obligations apply to a company that only uses AI tools, and which to one that builds them?"),
    ("it-digital", "Green IT beyond the slogans", "en", TopicStatus.DRAFT, "talkshow", "methodology",
     "Measuring and reducing the footprint of a company's IT, with numbers.",
     "Draft: find a guest who measured it end to end."),
    ("hr-management", "Onboarding remote engineers", "en", TopicStatus.DECLINED, "workshop", "methodology",
     "A checklist for the first ninety days of a remote hire.",
     "Declined for now: too close to an episode already made."),
    ("business-markets", "Pricing B2B software in a downturn", "en", TopicStatus.PROPOSED, "debate", "case_study",
     "Discounts, freezes or new packaging: how vendors kept their customers.",
     "When budgets shrink, pricing becomes strategy. Three vendors share their numbers."),
]  # fmt: skip

# Demo members around the published episode (member1@… to member6@webcastory.local).
AUDIENCE = 6

COMMENTS = [
    ("viewer", "This is exactly the conversation our team needs. Who would you invite?"),
    ("proposer", "I'd like a data engineer and a security lead, ideally from the same company."),
    ("sponsor", "We have seen this in our customers' projects, happy to share anonymised cases."),
]


class Command(BaseCommand):
    help = "Create demo channels, accounts and topics (idempotent, development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with known passwords; it refuses to run with "
                "DJANGO_DEBUG off."
            )
        # Demo activity triggers notifications; their mails go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            channels = self._channels()
            people = self._accounts(channels)
            created = self._topics(channels, people)
            self._sponsorship(people)
            # Pictures: a banner per channel, a thumbnail for the published episode.
            demo_images_apply()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(channels)} channels, {len(people)} accounts, "
                f"{created} new topics. Password for every demo account: {DEMO_PASSWORD}"
            )
        )

    def _channels(self) -> dict[str, Channel]:
        channels = {}
        for order, (slug, name, name_fr, description, description_fr, color) in enumerate(CHANNELS):
            channel, _created = Channel.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_fr": name_fr,
                    "description": description,
                    "description_fr": description_fr,
                    "accent_color": color,
                    "order": order,
                },
            )
            channels[slug] = channel
            Studio.objects.get_or_create(
                channel=channel,
                name="Studio A",
                defaults={
                    "city": "Paris",
                    "address": "12 rue de la Paix, 75002 Paris, 3rd floor",
                    "notes": "Ring “Webcastory” at the gate; the desk has your badge.",
                },
            )
        return channels

    def _accounts(self, channels) -> dict[str, User]:
        people = {}
        for email, name, headline, company, flags in ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=name,
                    headline=headline,
                    company=company,
                    **flags,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            people[email.split("@")[0]] = user
        group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
        people["organizer"].groups.add(group)
        return people

    def _topics(self, channels, people) -> int:
        created = 0
        for channel_slug, title, language, status, fmt, treatment, summary, body in TOPICS:
            if Topic.objects.filter(title=title).exists():
                continue
            created += 1
            topic = topic_services.topic_create(
                proposer=people["proposer"],
                channel=channels[channel_slug],
                title=title,
                summary=summary,
                body=body,
                language=language,
                format=fmt,
                treatment=treatment,
                preparation_notes="Call the guests two weeks before; share the questionnaire.",
            )
            path = {
                TopicStatus.DRAFT: [],
                TopicStatus.PROPOSED: [TopicStatus.PROPOSED],
                TopicStatus.ACCEPTED: [TopicStatus.PROPOSED, TopicStatus.ACCEPTED],
                TopicStatus.SCHEDULED: [
                    TopicStatus.PROPOSED,
                    TopicStatus.ACCEPTED,
                    TopicStatus.SCHEDULED,
                ],
                TopicStatus.PUBLISHED: [
                    TopicStatus.PROPOSED,
                    TopicStatus.ACCEPTED,
                    TopicStatus.SCHEDULED,
                    TopicStatus.RECORDED,
                    TopicStatus.PUBLISHED,
                ],
                TopicStatus.DECLINED: [TopicStatus.PROPOSED, TopicStatus.DECLINED],
            }[status]
            organizer = people["organizer"]
            if status in (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED):
                # The workspace shows who handles what.
                topic_services.topic_take(topic=topic, organizer=organizer)
            for step in path:
                if step == TopicStatus.PROPOSED:
                    topic_services.topic_transition(
                        topic=topic, to_status=step, actor=people["proposer"]
                    )
                    if status in PUBLIC_STATUSES:
                        # Members take part while the topic is open (before the episode).
                        self._activity(topic, people)
                elif step == TopicStatus.SCHEDULED:
                    self._guest_confirms(topic, people)
                    # A day apart: the demo proposer brings them all.
                    topic_services.topic_schedule(
                        topic=topic,
                        actor=organizer,
                        recording_at=timezone.now() + timedelta(days=21 + created),
                        studio=topic.channel.studios.first(),
                    )
                elif step == TopicStatus.RECORDED:
                    topic_services.topic_mark_recorded(topic=topic, actor=organizer)
                    # The demo's history: this one was recorded ten days ago.
                    topic.recording_at = timezone.now() - timedelta(days=10)
                    topic.save(update_fields=["recording_at"])
                elif step == TopicStatus.PUBLISHED:
                    self._audience(topic, people)
                    topic_services.topic_publish(
                        topic=topic, actor=organizer, video_url="https://vimeo.com/76979871"
                    )
                    self._episode(topic, people)
                else:
                    topic_services.topic_decide(
                        topic=topic, to_status=step, actor=organizer, reason="Demo decision"
                    )
        return created

    def _guest_confirms(self, topic, people) -> None:
        """The viewer's request to take part is accepted; she confirms, with her bio for
        the credits and her consent to being filmed and published."""
        request = ParticipationRequest.objects.get(topic=topic, applicant=people["viewer"])
        topic_services.participation_request_decide(
            request=request,
            status=ParticipationStatus.ACCEPTED,
            actor=people["organizer"],
            message="Welcome on the set! The studio's address is on the topic page.",
        )
        topic_services.guest_answer_give(
            request=request,
            by=people["viewer"],
            answer="confirmed",
            bio="HR business partner at Atelier RH; led two reorganisations.",
            consent=True,
        )

    def _audience(self, topic, people) -> None:
        """Enough members around the episode for its sponsor report to show figures
        (any figure under five people is hidden), and its confirmed sponsor."""
        for n in range(1, AUDIENCE + 1):
            email = f"member{n}@webcastory.local"
            member = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=f"Demo member {n}",
                headline="Professional",
            )
            topic_services.topic_follow(topic=topic, member=member)
            topic_services.opinion_set(
                topic=topic, member=member, choice="essential" if n % 3 else "interesting"
            )
        self._sponsor_offer(topic, people, InterestStatus.CONFIRMED, support_kind="main")

    def _episode(self, topic, people) -> None:
        """Its episode page: chapters (two answer comments) and a transcript, which the
        site search and the channel's podcast feed show (its thumbnail is drawn with the
        channels' banners)."""
        comments = list(topic.comments.order_by("pk"))
        episode_services.episode_update(
            topic=topic,
            duration=demo_episode.DURATION,
            host_member=people["organizer"],
            chapters=[
                ChapterData(
                    start=start,
                    title=title,
                    comment=comments[index]
                    if index is not None and index < len(comments)
                    else None,
                )
                for start, title, index in demo_episode.CHAPTERS
            ],
        )
        episode_services.transcript_upload(topic=topic, file=demo_episode.transcript_upload())

    def _activity(self, topic, people) -> None:
        parent = None
        for who, text in COMMENTS:
            parent = comment_services.comment_create(
                topic=topic, author=people[who], body=text, parent=parent
            )
        topic_services.opinion_set(topic=topic, member=people["viewer"], choice="essential")
        topic_services.opinion_set(topic=topic, member=people["sponsor"], choice="interesting")
        topic_services.feedback_create(
            topic=topic,
            author=people["viewer"],
            body="Consider inviting someone from a smaller company too.",
        )
        topic_services.participation_request_create(
            topic=topic,
            applicant=people["viewer"],
            role="guest",
            motivation="I led this change in my company and can share what went wrong.",
            availability="Tuesday or Thursday mornings",
        )

    def _sponsorship(self, people) -> None:
        template, created = QuestionnaireTemplate.objects.get_or_create(
            name="Standard audience profile",
            defaults={"description": "Who watches: comparable across topics."},
        )
        if created:
            for order, (text, kind, required, options) in enumerate(AUDIENCE_TEMPLATE):
                template.questions.create(
                    order=order, text=text, kind=kind, required=required, options=options
                )
        public = list(Topic.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk"))
        for topic in public[:3]:
            if Questionnaire.objects.filter(topic=topic).exists():
                continue
            questionnaire = sponsorship_services.questionnaire_copy_template(
                topic=topic, template=template
            )
            for who, answers in (("viewer", (0, 1, 2, 4)), ("sponsor", (1, 2, 0, 5))):
                questions = list(questionnaire.questions.prefetch_related("choices"))
                values = {}
                for question, pick in zip(questions, answers, strict=False):
                    choices = list(question.choices.all())
                    if question.kind == QuestionKind.SCALE:
                        values[question.pk] = pick
                    elif question.kind == QuestionKind.MULTIPLE:
                        values[question.pk] = choices[: pick + 1]
                    elif choices:
                        values[question.pk] = choices[pick % len(choices)]
                values[questions[-1].pk] = "Concrete examples and numbers."
                sponsorship_services.response_submit(
                    questionnaire=questionnaire, respondent=people[who], answers=values
                )
        statuses = [
            InterestStatus.NEW,
            InterestStatus.IN_DISCUSSION,
            InterestStatus.CONFIRMED,
            InterestStatus.DECLINED,
        ]
        for topic, status in zip(public, statuses, strict=False):
            if SponsorshipInterest.objects.filter(topic=topic, member=people["sponsor"]).exists():
                continue
            self._sponsor_offer(topic, people, status)

    def _sponsor_offer(self, topic, people, status, *, support_kind="partner") -> None:
        """Sam Sponsor's offer on the topic, moved by the organizers to `status`."""
        interest = sponsorship_services.sponsorship_interest_record(
            topic=topic,
            member=people["sponsor"],
            organisation="Brightwave Cloud",
            contact_name="Sam Sponsor",
            contact_email="sponsor@webcastory.local",
            support_kind=support_kind,
            budget_band="5k_15k",
            message="We would love to support this episode.",
        )
        if status == InterestStatus.CONFIRMED:
            sponsorship_services.sponsorship_interest_decide(
                interest=interest, status=InterestStatus.IN_DISCUSSION
            )
        if status != InterestStatus.NEW:
            sponsorship_services.sponsorship_interest_decide(interest=interest, status=status)


AUDIENCE_TEMPLATE = [
    ("What is your job role?", QuestionKind.SINGLE, True,
     "Executive\nManager\nIndividual contributor\nFreelancer or consultant\nStudent"),
    ("How large is your company?", QuestionKind.SINGLE, True,
     "1-9 people\n10-49\n50-249\n250-4,999\n5,000 or more"),
    ("Which sectors do you work in?", QuestionKind.MULTIPLE, False,
     "Industry\nServices\nPublic sector\nRetail\nTech\nFinance"),
    ("How much does this subject matter to your work?", QuestionKind.SCALE, True, ""),
    ("What do you expect from the show?", QuestionKind.LONG_TEXT, False, ""),
]  # fmt: skip
