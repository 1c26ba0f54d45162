"""Minimal pairs: the same comment with and without a surface cue, labelled by LABELS.md.

The corpus taught the model shortcuts (issue 12): a link or phone number means spam,
"not convinced" or "I've read" means evidence, an unknown surname means a citation, a
traceback looks like keyboard mash, a job title means a view. Each pair below changes one
cue; the expected labels are what LABELS.md decides, never what today's model says. A
failing pair is a target for the corpus and the model, not a test to relax.

All texts are written for this file (none comes from the corpus or the dev set).
"""

from __future__ import annotations

import pytest

from claimcheck.types import Label

T = Label.TESTIMONIAL.value
E = Label.EVIDENCE_CITATION.value
S = Label.SPAM.value
O = Label.OPINION.value  # noqa: E741 - the four labels read best as one letter each

PAIRS = [
    # --- A link that promotes nothing (the discussed video, a council page, a photo):
    # --- the label is what the text is without it.
    pytest.param(
        "The drum fill at the two minute mark is the best part of the whole song.", O,
        "The drum fill at the two minute mark is the best part of the whole song. "
        "https://www.youtube.com/watch?v=kJQP7kiw5Fk&t=120s", O,
        id="link-video-opinion",
    ),
    pytest.param(
        "I played this at my dad's funeral last spring and the whole room sang along.", T,
        "I played this at my dad's funeral last spring and the whole room sang along. "
        "https://www.youtube.com/watch?v=8UVNT4wvIGY", T,
        id="link-video-testimonial",
    ),
    pytest.param(
        "Honestly the new bin rota is confusing, they should just collect on the same day "
        "every week.", O,
        "Honestly the new bin rota is confusing (https://www.camden.gov.uk/bin-collection-days), "
        "they should just collect on the same day every week.", O,
        id="link-council-rota-opinion",
    ),
    pytest.param(
        "I reported the pothole on our street in March and it was filled within a week.", T,
        "I reported the pothole on our street through https://www.fixmystreet.com in March "
        "and it was filled within a week.", T,
        id="link-report-site-testimonial",
    ),
    pytest.param(
        "Is this the same bridge as in the first photo? The railings look different.", O,
        "Is this the same bridge as in the first photo? https://imgur.com/gallery/bR7tQ2m "
        "The railings look different.", O,
        id="link-photo-question",
    ),
    pytest.param(
        "We used the council's online form to apply for the parking permit and it arrived "
        "two days later.", T,
        "We used https://www.leeds.gov.uk/parking/permits to apply for the parking permit "
        "and it arrived two days later.", T,
        id="link-council-form-testimonial",
    ),
    pytest.param(
        "Anyone else think the referee lost control of this match in the second half?", O,
        "Anyone else think the referee lost control of this match in the second half? "
        "Full highlights: https://www.youtube.com/watch?v=Zx3cK9pLm2Q", O,
        id="link-highlights-question",
    ),
    pytest.param(
        "Same argument as the old thread, and nobody has changed their mind since.", O,
        "Same argument as the old thread (https://forum.example.org/t/heat-pumps-again/4821), "
        "and nobody has changed their mind since.", O,
        id="link-old-thread-opinion",
    ),
    pytest.param(
        "My son took the photo of the flooded underpass on Tuesday morning, the water was up "
        "to his knees.", T,
        "My son took the photo of the flooded underpass on Tuesday morning, the water was up "
        "to his knees. imgur.com/a/Xk29fQd", T,
        id="link-bare-domain-testimonial",
    ),
    pytest.param(
        "The trailer gives away the whole plot, I wish they'd stop doing that.", O,
        "The trailer (https://www.youtube.com/watch?v=Ab12Cd34Ef5) gives away the whole plot, "
        "I wish they'd stop doing that.", O,
        id="link-trailer-opinion",
    ),
    # --- A phone number or e-mail that promotes nothing: still what the text is without it.
    pytest.param(
        "I rang the debt collector's number twice and nobody ever picked up.", T,
        "I rang the debt collector's number, 0161 496 0732, twice and nobody ever picked up.", T,
        id="phone-debt-collector-testimonial",
    ),
    pytest.param(
        "Their customer service line should be free to call, charging people who are already "
        "in debt is cruel.", O,
        "Their customer service line (0345 600 1234) should be free to call, charging people "
        "who are already in debt is cruel.", O,
        id="phone-service-line-opinion",
    ),
    pytest.param(
        "I emailed the school office about the trip and got a reply the same afternoon.", T,
        "I emailed office@stmarys-primary.org.uk about the trip and got a reply the same "
        "afternoon.", T,
        id="email-school-testimonial",
    ),
    pytest.param(
        "If the landlord won't fix the damp, write to the council's housing team, that's what "
        "they are there for.", O,
        "If the landlord won't fix the damp, write to the council's housing team at "
        "housing.standards@southwark.gov.uk, that's what they are there for.", O,
        id="email-housing-team-opinion",
    ),
    pytest.param(
        "I called the pharmacy helpline about the nausea and they were lovely, it settled "
        "after a few days.", T,
        "I called the pharmacy helpline (0300 123 1234) about the nausea and they were lovely, "
        "it settled after a few days.", T,
        id="phone-helpline-testimonial",
    ),
    pytest.param(
        "Ridiculous that the only way to cancel is by phone in office hours.", O,
        "Ridiculous that the only way to cancel is by phone, 0800 028 2211, in office hours.", O,
        id="phone-cancel-line-opinion",
    ),
    pytest.param(
        "I wrote to my MP's office about the bus cuts and actually got a proper answer.", T,
        "I wrote to my MP's office (constituency@harlowmp.org.uk) about the bus cuts and "
        "actually got a proper answer.", T,
        id="email-mp-testimonial",
    ),
    pytest.param(
        "Whoever runs the club's email should check the spam folder, half the members never "
        "got the notice.", O,
        "Whoever runs secretary@harbourrowingclub.org should check the spam folder, half the "
        "members never got the notice.", O,
        id="email-club-opinion",
    ),
    # Same cue, but now it promotes: the promotion decides.
    pytest.param(
        "Dr Adeyemi at the teaching hospital operated on my husband in May and he's walking "
        "again.", T,
        "Dr Adeyemi operated on my husband and he's walking again, call him on "
        "+234 803 417 2290 for the same cure.", S,
        id="phone-promotes-a-healer",
    ),
    pytest.param(
        "I got a loan from my credit union last year and paid it off early without any fees.", T,
        "I got a loan from Swift Cash last year, no credit checks! WhatsApp 07412 889301 and "
        "mention this forum.", S,
        id="phone-promotes-a-lender",
    ),
    # --- "not convinced" / "I've read" / "look it up" / "told me" with nothing to follow:
    # --- opinion or testimonial; with a named, followable source: evidence.
    pytest.param(
        "The new bike lanes haven't made the junction any safer.", O,
        "I'm not convinced the new bike lanes have made the junction any safer.", O,
        id="not-convinced-alone",
    ),
    pytest.param(
        "Vaccines don't cause autism and never did.", O,
        "Vaccines don't cause autism and never did, look it up.", O,
        id="look-it-up-alone",
    ),
    pytest.param(
        "I stopped taking it and the headaches were gone within a week.", T,
        "My GP told me to stop taking it and the headaches were gone within a week.", T,
        id="told-me-testimonial",
    ),
    pytest.param(
        "Most people on here seem happy with their heat pumps.", O,
        "I've read a lot of comments on here and most people seem happy with their heat pumps.", O,
        id="ive-read-comments",
    ),
    pytest.param(
        "Supposedly the tax cut will pay for itself.", O,
        "I read somewhere that the tax cut will pay for itself.", O,
        id="read-somewhere",
    ),
    pytest.param(
        "Crypto is just gambling with extra steps.", O,
        "Not convinced, crypto is just gambling with extra steps.", O,
        id="not-convinced-crypto",
    ),
    pytest.param(
        "Fluoride in the water is perfectly safe.", O,
        "Fluoride in the water is perfectly safe, look it up before you panic.", O,
        id="look-it-up-fluoride",
    ),
    pytest.param(
        "My sister tried the diet for a month and lost nothing but her patience.", T,
        "My sister told me she tried the diet for a month and lost nothing but her patience.", T,
        id="told-me-second-hand",
    ),
    pytest.param(
        "I have read every thread on this forum about it and I still think it's a scam.", O,
        "Every thread on this forum says the same and I still think it's a scam.", O,
        id="i-have-read-threads",
    ),
    pytest.param(
        "I've read the comments and I'm not convinced this diet works.", O,
        "I've read the 2018 DIETFITS trial by Gardner et al. in JAMA and I'm not convinced "
        "this diet works.", E,
        id="not-convinced-vs-named-trial",
    ),
    pytest.param(
        "Look it up, the scheme has been a disaster.", O,
        "Look it up: the National Audit Office's 2023 report on the scheme found it missed "
        "every target.", E,
        id="look-it-up-vs-named-report",
    ),
    # --- An invented surname without a work (a neighbour, a colleague) is not a source;
    # --- a named author with a finding is.
    pytest.param(
        "My neighbour had the same boiler fitted and it broke down after a month.", T,
        "My neighbour Mr Lindqvist had the same boiler fitted and it broke down after a month.", T,
        id="surname-neighbour-testimonial",
    ),
    pytest.param(
        "Someone next door reckons the council will put the rates up again.", O,
        "Okafor next door reckons the council will put the rates up again.", O,
        id="surname-next-door-opinion",
    ),
    pytest.param(
        "My physio had me doing the exercises daily and the knee pain was gone by Easter.", T,
        "My physio, Ingrid Sorbo, had me doing the exercises daily and the knee pain was gone "
        "by Easter.", T,
        id="surname-physio-testimonial",
    ),
    pytest.param(
        "Our landlord finally fixed the boiler after three weeks of cold showers.", T,
        "Our landlord, a Mr Vasquez-Tull, finally fixed the boiler after three weeks of cold "
        "showers.", T,
        id="surname-landlord-testimonial",
    ),
    pytest.param(
        "Halvorsen from my running club thinks barefoot shoes are a fad.", O,
        "Halvorsen and colleagues found in a 2020 trial in the British Journal of Sports "
        "Medicine that barefoot shoes did not reduce running injuries.", E,
        id="surname-club-vs-author-finding",
    ),
    pytest.param(
        "Mrs Achterberg at the bakery says the new parking rules are killing the high street.", O,
        "Achterberg (2021), in a study for the Institute for Fiscal Studies, found that parking "
        "charges cut high street footfall by 8%.", E,
        id="surname-baker-vs-author-finding",
    ),
    pytest.param(
        "Dunleavy on our pub quiz team says the referee was bought.", O,
        "Dunleavy, writing in the Journal of Sports Economics in 2019, found that referees add "
        "more time when the home team is trailing.", E,
        id="surname-quiz-vs-journal",
    ),
    pytest.param(
        "My colleague Baptiste thinks working from home kills productivity.", O,
        "Nicholas Bloom's 2015 experiment at Ctrip found that working from home raised "
        "productivity by 13%.", E,
        id="surname-colleague-vs-economist",
    ),
    # --- A headline with a link to a news, journal, preprint or agency page is a citation;
    # --- the same headline without the link is a claim without a source (opinion).
    pytest.param(
        "Study: teenagers who sleep before 11pm score higher in maths exams "
        "https://www.bbc.co.uk/news/education-67123456", E,
        "Study: teenagers who sleep before 11pm score higher in maths exams", O,
        id="headline-bbc",
    ),
    pytest.param(
        "Heatwave deaths in Europe rose sharply last summer, researchers estimate "
        "https://www.nature.com/articles/s41591-023-02419-z", E,
        "Heatwave deaths in Europe rose sharply last summer, researchers estimate", O,
        id="headline-journal",
    ),
    pytest.param(
        "Remote workers put in more unpaid overtime than office staff, survey finds "
        "https://www.theguardian.com/business/2023/mar/14/remote-workers-unpaid-overtime", E,
        "Remote workers put in more unpaid overtime than office staff, survey finds", O,
        id="headline-newspaper",
    ),
    pytest.param(
        "Preprint: small language models match larger ones on medical exam questions "
        "https://arxiv.org/abs/2403.01234", E,
        "Preprint: small language models match larger ones on medical exam questions", O,
        id="headline-preprint",
    ),
    pytest.param(
        "Air pollution linked to seven million early deaths a year "
        "https://www.who.int/news/item/02-05-2018-9-out-of-10-people-worldwide-breathe-polluted-air",
        E,
        "Air pollution linked to seven million early deaths a year", O,
        id="headline-agency",
    ),
    pytest.param(
        "Microplastics found in every placenta tested in new research "
        "https://www.reuters.com/science/microplastics-found-every-placenta-tested-2024-02-20/", E,
        "Microplastics found in every placenta tested in new research", O,
        id="headline-wire",
    ),
    pytest.param(
        "Private rents hit another record high this year https://www.ons.gov.uk/economy/"
        "inflationandpriceindices/bulletins/indexofprivatehousingrentalprices/latest", E,
        "Private rents hit another record high this year", O,
        id="headline-statistics-office",
    ),
    pytest.param(
        "Coffee drinkers live slightly longer, large cohort study suggests "
        "https://apnews.com/article/coffee-health-study-longevity-3f2a1b", E,
        "Coffee drinkers live slightly longer, large cohort study suggests", O,
        id="headline-news-agency",
    ),
    # --- Pasted code, tracebacks and logs with a question are opinion (help under a post);
    # --- keyboard mash is spam.
    pytest.param(
        "followed the install steps but still get this, any idea?\n"
        "Traceback (most recent call last):\n"
        '  File "plot.py", line 8, in <module>\n'
        "    import seaborn as sns\n"
        "ModuleNotFoundError: No module named 'seaborn'", O,
        "sdfkjh sdkfjh qwpoeiru zmxncb asdlkfj", S,
        id="traceback-python-vs-mash",
    ),
    pytest.param(
        "npm ERR! code ERESOLVE\n"
        "npm ERR! ERESOLVE unable to resolve dependency tree\n"
        'npm ERR! peer react@"^17.0.0" from react-router@5.3.4\n'
        "Does the tutorial need an older React?", O,
        "jjjjjjjjjjj kkkkkkkk lllllll ;;;;;;", S,
        id="npm-error-vs-mash",
    ),
    pytest.param(
        'Exception in thread "main" java.lang.NullPointerException\n'
        "\tat com.example.App.main(App.java:12)\n"
        "Happens right after I add the Scanner bit from part 2.", O,
        "asdasdasd asdasd asdasdasdasd asd", S,
        id="java-exception-vs-mash",
    ),
    pytest.param(
        '  File "bot.py", line 22\n'
        "    if message.content == '!hi'\n"
        "                               ^\n"
        "SyntaxError: expected ':'\n"
        "sorry new to python, I copied it exactly", O,
        "hjkl hjkl hjkl hjkl hjkl hjkl", S,
        id="syntax-error-vs-mash",
    ),
    pytest.param(
        "main.c:5:5: error: implicit declaration of function 'prinft' "
        "[-Wimplicit-function-declaration]\n"
        "got this compiling your example, is it my compiler?", O,
        "zxcvbnm,./ zxcvbnm zxcvbnmmm", S,
        id="compiler-error-vs-mash",
    ),
    pytest.param(
        "2024-03-02 14:22:01 ERROR [worker-2] Connection refused: redis://localhost:6379\n"
        "the queue never starts, same on Windows and Ubuntu. What did I miss?", O,
        "qazwsx edcrfv tgbyhn ujmik,ol", S,
        id="log-line-vs-mash",
    ),
    # --- Professional and habitual experience is testimonial; a job title attached to a
    # --- view is opinion.
    pytest.param(
        "As a nurse I've had to restart that same infusion pump three times in one night "
        "shift.", T,
        "As a nurse, I think these infusion pumps are overpriced.", O,
        id="nurse",
    ),
    pytest.param(
        "Bailiff here. I turn up to evictions where nobody has opened a single letter.", T,
        "Bailiff here. Eviction law in this country is far too soft.", O,
        id="bailiff",
    ),
    pytest.param(
        "When I was a teaching assistant we sat the struggling readers with a volunteer every "
        "morning and most of them caught up by spring.", T,
        "As a former teaching assistant, I think phonics gets far too much attention.", O,
        id="teaching-assistant",
    ),
    pytest.param(
        "As a pharmacist I get asked about this supplement every week, and I always end up "
        "sending people back to their GP.", T,
        "As a pharmacist, I'd say this supplement is a waste of money.", O,
        id="pharmacist",
    ),
    pytest.param(
        "I drive a bus on the 38 route and most mornings I'm the one telling passengers the "
        "card readers are down.", T,
        "Bus driver here, and the new card readers are a terrible idea.", O,
        id="bus-driver",
    ),
    pytest.param(
        "As a debt collector I always send the validation letter within five days, and most "
        "people never reply.", T,
        "Speaking as a debt collector, the rules on validation letters are pointless.", O,
        id="debt-collector",
    ),
    pytest.param(
        "I'm a vet and I've treated three dogs this month who ate the same brand of chew.", T,
        "I'm a vet and I think that brand of chew should be banned.", O,
        id="vet",
    ),
    pytest.param(
        "Paramedic here. On nights we wait outside A&E for hours with patients still in the "
        "ambulance.", T,
        "Paramedic here. The government should be ashamed of the state of A&E.", O,
        id="paramedic",
    ),
    # --- Praise is opinion; the same praise turned into self-promotion, like-bait or a
    # --- fundraising appeal is spam, with or without a link.
    pytest.param(
        "Great cover, your voice really suits this song.", O,
        "Great cover! I do covers too, search Mara Quinn on Spotify, new single out Friday.", S,
        id="promo-cover-song",
    ),
    pytest.param(
        "Thanks, very clear tutorial, the section on joins finally made sense.", O,
        "Thanks, very clear tutorial! I post similar ones on my channel, subscribe if you want "
        "more.", S,
        id="promo-tutorial-channel",
    ),
    pytest.param(
        "Still listening to this in 2025, never gets old.", O,
        "Like this comment if you're still listening in 2025!", S,
        id="like-bait",
    ),
    pytest.param(
        "Loved this recipe, the kids asked for seconds.", O,
        "Loved this recipe! Follow me for daily family dinners, I always follow back.", S,
        id="promo-follow-back",
    ),
    pytest.param(
        "This episode was brilliant, the interview with the farmer was the highlight.", O,
        "This episode was brilliant! Our little podcast just dropped episode 9 too, search "
        "Kitchen Table Talks wherever you listen.", S,
        id="promo-podcast",
    ),
    pytest.param(
        "What a performance, the crowd was electric.", O,
        "What a performance! Sub4sub anyone? I sub back straight away.", S,
        id="sub4sub",
    ),
    pytest.param(
        "Good luck to the team at the regional finals this weekend.", O,
        "Please donate to help our team get to the regional finals, every pound counts, search "
        "Riverside Juniors on GoFundMe.", S,
        id="fundraising",
    ),
    pytest.param(
        "Your drawings keep getting better, the shading on this one is lovely.", O,
        "Your drawings keep getting better! I sell prints of mine, DM me for prices.", S,
        id="promo-prints-dm",
    ),
]  # fmt: skip


def test_enough_distinct_pairs() -> None:
    """The issue asks for at least 60 pairs; each pair must change its text."""
    assert len(PAIRS) >= 60
    texts = [text for pair in PAIRS for text in (pair.values[0], pair.values[2])]
    assert len(set(texts)) == len(texts)
    labels = {lab.value for lab in Label}
    assert all(pair.values[1] in labels and pair.values[3] in labels for pair in PAIRS)


#: Pairs the shipped model still gets wrong (models/README.md, "Limits"; issue 12 keeps them
#: as targets). Strict: a model that fixes one fails this test until its id is removed here,
#: so the list should only shrink. An id added for a new model must be named, with the
#: trade-off that cost it, in models/README.md ("headline-bbc": the style family, +0.012
#: external dev macro-F1, moved this headline-without-source to evidence like its siblings).
KNOWN_FAILURES = frozenset(
    {
        "link-photo-question",
        "link-old-thread-opinion",
        "surname-quiz-vs-journal",
        "surname-colleague-vs-economist",
        "headline-bbc",
        "headline-journal",
        "headline-newspaper",
        "headline-preprint",
        "headline-wire",
        "headline-news-agency",
        "syntax-error-vs-mash",
        "promo-follow-back",
    }
)


def _marked(pairs: list) -> list:
    """PAIRS with the known failures marked strict xfail."""
    known = pytest.mark.xfail(strict=True, reason="known failure of the shipped model")
    return [
        pytest.param(*p.values, id=p.id, marks=[*p.marks, known]) if p.id in KNOWN_FAILURES else p
        for p in pairs
    ]


def test_known_failures_name_real_pairs() -> None:
    assert {p.id for p in PAIRS} >= KNOWN_FAILURES


@pytest.mark.parametrize(("text_a", "label_a", "text_b", "label_b"), _marked(PAIRS))
def test_label_follows_the_guide_not_the_cue(
    shipped_model, text_a: str, label_a: str, text_b: str, label_b: str
) -> None:
    first, second = shipped_model.predict([text_a, text_b])
    got = (
        first.label.value if first.label else None,
        second.label.value if second.label else None,
    )
    assert got == (label_a, label_b), (
        f"expected {label_a} / {label_b}, model said {got[0]} / {got[1]}\n"
        f"  A: {text_a!r}\n  B: {text_b!r}"
    )
