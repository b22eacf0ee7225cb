"""What the sources list, written down from the documents in sources/ for the content tests.

These lists are read off the source text, independently of the curated tables, so that a
missing or misspelt outcome in the tables names itself in a test failure.
"""

# toolkit, "The Seven core outcomes in the MCOS" (headings) and its contents page.
CORE_OUTCOMES = [
    "Secure and suitable housing",
    "Safety from any trafficker or other abuser",
    "Long-term, consistent support",
    "Compassionate, trauma-informed services",
    "Finding purpose in life and self-actualisation",
    "Access to medical treatment",
    "Access to education",
]

# toolkit, "MSCOS OUTCOMES LONGLIST": domain heading -> outcomes, in document order.
LONGLIST = {
    "safety": ["Preventing re-exploitation", "A safe mental health service, work and home environment",
               "Family safety and contact"],
    "supportive services": ["Service accountability", "Survivor choice in services"],
    "consistency and stability": ["Life skills", "Reclaiming Normalcy and Appreciating the Everyday",
                                  "Healthy lifestyle", "Affordable and reliable transport"],
    "opportunities": ["Obtaining and maintaining meaningful employment", "Personal and family prosperity",
                      "Permission to work and study"],
    "rights, justice and dignity": ["Survival needs and state support", "No racism",
                                    "No discrimination against LGBTQ+", "Access to quality legal representation",
                                    "Better immigration systems", "Immigration status and documentation",
                                    "Prosecutions"],
    "health and wellbeing": ["Self-compassion, acceptance and self-worth", "Being able to seek support",
                             "Coping with and processing trauma", "Self-awareness and emotional expression",
                             "Spiritual wellbeing", "Celebrating and thinking positively"],
    "recognition, awareness and understanding": ["Knowledge of rights and entitlements",
                                                 "Dignified treatment and belief", "Living a stigma-free life"],
    "belonging and social support": ["Healthy relationships", "Being part of a community", "Socialising",
                                     "Feeling comfortable in a social environment"],
    "agency and purpose": ["Making change and improving policy", "Survivor leadership",
                           "Moving on and starting a new life", "Increased male involvement",
                           "Advocating for self and giving to others"],
}
LONGLIST_STATED = 38

# taxonomy, "A taxonomy of outcomes": the e-Delphi Round 0 list by domain.
ROUND0 = {
    "consistency and stability": [
        "Reclaiming Normalcy and appreciating the everyday", "Keeping busy", "Life skills",
        "Being financially responsible for self and others", "Housing stability and independence",
        "Long-term, consistent support", "Healthy lifestyle", "Affordable and reliable transportation"],
    "recognition, understanding and awareness": [
        "Improved understanding of mental health treatments",
        "Respect and recognition from healthcare practitioners and service providers",
        "Belief and respect from public authorities, courts, and tribunals", "Knowledge of rights and entitlements",
        "Living a stigma free life", "Less public judgment, more understanding"],
    "opportunities": [
        "Obtaining and maintaining meaningful employment", "Career Progression", "Personal and family prosperity",
        "Self-expression and opportunity through host country language", "Obtaining meaningful qualifications",
        "Access to education"],
    "belonging and social support": [
        "Feeling comfortable in social environment", "Healthy relationships", "Having people to talk to",
        "Socialising", "Living in an appropriate or desired location", "Being part of a community"],
    "agency and purpose": [
        "Finding purpose in life and self-actualisation", "Meaningful and creative activities",
        "Self-sufficiency, control and independence", "Reclaiming the past", "Moving on and starting a new life",
        "Advocating for self and giving to others"],
    "safety": [
        "Preventing re-exploitation", "Safety from any trafficker or other abuser",
        "A safe mental health service, work and home environment", "Family safety and contact",
        "Secure and protected housing"],
    "health and wellbeing": [
        "Celebrating and thinking positively", "Self-compassion, acceptance and self-worth",
        "Self-awareness and emotional expression", "Processing trauma", "Spiritual wellbeing",
        "Improved physical wellbeing", "Coping with mental health problems", "Access to medical treatment",
        "Timely and sustained psychological support", "Being able to seek support"],
    "rights, justice and dignity": [
        "No racism", "No discrimination against LGBTQ+", "Dignified treatment of survivors", "Permission to work",
        "Family reunification", "Immigration status and documentation", "Better immigration systems",
        "Freedom of movement", "Dignity in living conditions", "Survival needs and state support", "Prosecutions",
        "Access to quality legal representation"],
    "supportive services": [
        "Service accountability", "Compassionate, trauma-informed staff behaviour",
        "Being able to trust support workers and other practitioners", "Quality, well-resourced support",
        "Survivor choice in services", "Inclusive and sensitive support"],
    "creating change": [
        "Grappling with and tackling oppression", "Solidarity and being part of a movement",
        "Amplifying survivor voices and creating change", "Improving policy", "Recognition of activism",
        "Survivor leadership", "Increased male involvement"],
}
ROUND0_STATED = 68

# toolkit, "KEY DEFINITIONS" (headings in capitals in the document), "What is a core outcome set?"
# and "What is a Community of Practice?" (the two terms the toolkit defines in sections of their own).
GLOSSARY = ["outcome", "survivor", "survivor leader", "e-delphi", "intervention", "evaluation",
            "modern slavery", "human trafficking", "expert", "recovery", "integration",
            "core outcome set", "community of practice"]

# toolkit, "INTERVENTION APPLICATION EXAMPLES" -> the core outcome each addresses in particular.
INTERVENTION_EXAMPLES = {
    "The Florida Freedom Partnership": "Secure and suitable housing",
    "Thriving Conversation Project": "Finding purpose in life and self-actualisation",
    "Learn to Identify and Fight Trafficking": "Compassionate, trauma-informed services",
}

# The examples whose evaluation the toolkit describes: "Potocky's evaluation of the Florida Freedom
# Partnership looked at 43 outcomes"; the Thriving Conversation Project's outcomes "were partly
# measured through" two instruments. For Learn to Identify and Fight Trafficking the toolkit
# describes the training and cites Lee et al. 2021, but no evaluation.
EVALUATED_EXAMPLES = {"The Florida Freedom Partnership", "Thriving Conversation Project"}

# Each example's links to outcomes: (intervention, outcome label) -> basis. "stated" where the
# toolkit names the MSCOS outcome ("addresses the MSCOS outcome of ..."); "inferred" where it names
# only a component of the intervention ("legal services, medical care, and clinical intervention").
OUTCOME_LINKS = {
    ("The Florida Freedom Partnership", "Secure and suitable housing"): "stated",
    ("The Florida Freedom Partnership", "Access to medical treatment"): "inferred",
    ("The Florida Freedom Partnership", "Access to quality legal representation"): "inferred",
    ("Thriving Conversation Project", "Finding purpose in life and self-actualisation"): "stated",
    ("Learn to Identify and Fight Trafficking", "Compassionate, trauma-informed services"): "stated",
}
# "it is possible that the mentoring programme might have unintentionally improved access to
# education" (toolkit, Thriving Conversation Project): a possible effect, not an addressed outcome.
POSSIBLE_LINKS = {("Thriving Conversation Project", "Access to education")}

# Dates of issue the documents state about themselves: only the summary ("Published: 8th February
# 2023"); no document states its publisher.
ISSUED = {"summary": "2023-02-08"}

# grant, impact record: "We have featured, with permission, with 15 relevant practice models and
# frameworks ... These include Skills for Care Course at St Mary's University, Independent Modern
# Slavery Advocate model by Hope for Justice, Snowdrop and British Red Cross, VITA Training, Victim
# Navigator Programme by Justice and Care." (four models, reading "Snowdrop and British Red Cross"
# as organisations of the advocate model).
FEATURED_PRACTICE_MODELS_STATED = 15
FEATURED_PRACTICE_MODELS = ["Skills for Care Course", "Independent Modern Slavery Advocate model",
                            "VITA Training", "Victim Navigator Programme"]

# Names the documents print for the advisory board and for the set itself.
BOARD_NAMES = {"MSCOS Research Advisory Board", "SRAB", "RAB", "Research Advisory Board",
               "Survivor Research Advisory Board", "survivor research advisory board"}
SET_ABBREVIATIONS = {"MSCOS", "MCOS", "MS-COS", "MS COS"}

# Instruments and frameworks the documents name (standards.md lists these as required).
INSTRUMENTS = ["Selection Optimization and Competency Questionnaire", "Future Orientation Scale",
               "Assessment of Survivor Outcomes", "Adult Needs and Risk Assessment"]
FRAMEWORKS = ["Palermo Protocol", "WHO (World Health Organisation) (2013)"]

# The Round 0 origins whose lineage link the evidence calls "the weaker" one (lineage.yaml).
WEAK_LINEAGE_ORIGINS = ["Housing stability and independence", "Timely and sustained psychological support",
                        "Quality, well-resourced support", "Keeping busy", "Solidarity and being part of a movement"]
