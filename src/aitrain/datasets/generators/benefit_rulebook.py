# ruff: noqa: E501  (each rule and question template reads best on one line)
"""A synthetic benefits rulebook and citizens' questions about it, for module 16 (a chatbot grounded in the rules).

The rulebook: the rules of the twelve cash benefits of Tavria's (fictional) Ministry of Labour and Social
Protection, among them the family cash transfer targeted with the proxy means test of modules 02 and 12 and the
benefits whose claims module 08 checks, plus a general chapter (the social registry, personal data, fraud
checks, the Ombudsperson). Every programme has the same nine articles (purpose, eligibility, amount, applying,
documents, decision, payment, changes and recovery, appeals) cut into 24 numbered paragraphs, each one passage
with a citation such as CHB-3.1 (Child Benefit, article 3, paragraph 1): 300 passages.

The questions: what citizens ask the ministry's website, app, SMS line and call centre. Each question is built
for one passage (its label) from templates with many phrasings, then varied the way real messages vary: the
programme named formally, colloquially, in transliterated Russian or a local language, or not at all; typing
errors; local words; greetings and pleas. Many questions carry the sender's name, phone number or personal ID
number (all synthetic), written in several formats, some of which a simple pattern misses.
"""

import re

import numpy as np
import pandas as pd

from aitrain.datasets.generators.citizen_requests import _add_typos, _expand, swap_words
from aitrain.datasets.registry import Dataset

SEED = 1616
N_QUESTIONS = 1500
CHANNELS = ("web chat", "mobile app", "SMS", "call centre")
CHANNEL_SHARE = (0.40, 0.25, 0.20, 0.15)
TYPO_RATE = {"web chat": 0.03, "mobile app": 0.05, "SMS": 0.09, "call centre": 0.03}
LOCAL_RATE = {"web chat": 0.15, "mobile app": 0.25, "SMS": 0.40, "call centre": 0.20}
# How a question names its programme: formal name, everyday name, local name, or not at all.
NAMING = (("formal", 0.68), ("everyday", 0.14), ("local", 0.12), ("none", 0.06))
PII_SHARE = {"name": 0.35, "phone": 0.25, "id_number": 0.15}
HEADING_SHARE = 0.8  # questions that ask what a heading asks (in other words half of the time); the others are free
SYNONYMS = {"documents": "papers", "apply": "submit", "decision": "answer", "appeal": "challenge",
            "report": "tell you", "renew": "extend", "extra": "more", "much": "many som", "stop": "end",
            "paid": "given", "conditions": "rules", "changes": "things", "increase": "rise", "get": "receive"}
_SYNONYMS = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------------
# The programmes. `{a|b}` picks one alternative when questions are written.

PROGRAMMES = {
    "FCT": dict(
        name="Family Cash Transfer", kind="monthly", everyday=["{the|} money for poor families", "low-income assistance", "the poverty benefit", "{the|} social assistance"], local=["maloimushchie", "posobie dlya bednykh", "kam bagal uy-buloo jardamy"],
        purpose="a monthly cash transfer for households whose living standard, estimated with the proxy means test, is below the poverty line",
        elig_main="a household is eligible when its proxy means test score in the social registry is below 28 points; the score is computed from the dwelling, assets, household members and their ages",
        elig_main_q=["{what score do we need|what is the score limit|how many points} for {prog}", "our score is {25|27|30|31} points, can we get {prog}", "{is there a|what is the} proxy means test {limit|threshold} for {prog}"],
        elig_second="the household must have been in the social registry for at least 3 months and its members of working age must be employed, studying, caring for a dependant or registered as unemployed",
        elig_second_q=["{my husband|my son|my wife} does not work, can we still {get|receive} {prog}", "how long must we be in the social registry before {prog}", "do adults in the family need to work for {prog}"],
        exclusion="the transfer is not paid to a household that owns a car less than 10 years old, more than 10 head of cattle, or a second dwelling",
        exclusion_q=["we have a car, {can we get|are we refused} {prog}", "{my father|we} {has|have} {12|15} cows, is that a problem for {prog}", "does owning a second {house|flat} stop {prog}"],
        amount="the transfer is 750 som per month for each member of the household, for at most 6 members",
        amount_q=["how much is {prog} {per month|a month}", "{what is the amount of|how many som is} {prog} for a family of {four|five|six}", "how much {money|} {do we get|will we receive} from {prog}"],
        supplement="a household living in a high-mountain district receives a supplement of 20% of the transfer",
        supplement_q=["{is there|do we get} {extra|more} {money|} {for living in the mountains|in a mountain district} with {prog}", "mountain {supplement|coefficient} for {prog}, how much"],
        combine="the transfer may be received together with the Child Benefit and the Winter Heating Supplement, but its amount is reduced by any Unemployment Benefit received by a household member",
        combine_q=["can we get {prog} and {child benefit|the heating supplement} at the same time", "{my son|my husband} gets unemployment benefit, does {prog} go down"],
        applicant="the head of the household registered in the social registry applies for the whole household",
        deadline="a household may apply at any time; the transfer is paid from the month after the application",
        documents="the ID cards of all adult members, the birth certificates of the children, and a certificate of the composition of the household from the local administration",
        duration="the transfer is granted for 12 months; the household is reassessed before the end of that period",
        duration_q=["{how long|for how many months} {is|do we get} {prog} {paid|granted}", "does {prog} stop after a year"],
        report="any change in the members of the household, their work or their income, and any purchase of a car or livestock",
        report_q=["{my daughter|my son} {got married|moved out}, must I {tell|inform} {the office|you} about {prog}", "we bought a {car|cow}, do I have to report it for {prog}"],
        suspend="payment is suspended when the household fails to attend the reassessment visit of the social worker",
        suspend_q=["why {was|did} {prog} {stopped|suspended|stop}", "the social worker came and we were not at home, {what happens to|will we lose} {prog}"],
        decision_days=20, report_days=10, appeal_days=30, pay_day=20,
    ),
    "CHB": dict(
        name="Child Benefit", kind="monthly", everyday=["{the|} child money", "{the|} allowance for my baby", "{the|} benefit for small children"], local=["detskie", "posobie na rebenka", "bala puly", "bolalar puli"],
        purpose="a monthly benefit for each child under 3 years of age in a household listed in the social registry",
        elig_main="a child is eligible from birth until the day before his or her third birthday, if the household is listed in the social registry",
        elig_main_q=["my {son|daughter|baby} is {2|two|1|one} years old, can {I|we} get {prog}", "until what age is {prog} paid", "my child turned {3|three}, {why|is it right that} {prog} stopped"],
        elig_second="the child must live with the applicant and be registered at the applicant's address",
        elig_second_q=["my {grandson|granddaughter} lives with me, can I get {prog}", "the child lives with {his father|my mother}, who {gets|can get} {prog}"],
        exclusion="the benefit is not paid for a child who lives in a state children's home",
        exclusion_q=["is {prog} paid for a child in a {children's home|state institution}"],
        amount="the benefit is 1,200 som per month for each eligible child",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog} {per child|for one child|a month}", "how much {money|} will I get for my baby"],
        supplement="for twins, and for the third and each further child under 3, a supplement of 300 som per month is paid for each child",
        supplement_q=["{we have twins|I had twins}, {is there more|do we get extra} {prog}", "{my third child|our third baby} was born, {is there a supplement|how much more} {prog}"],
        combine="the benefit may be received together with the Family Cash Transfer and the Maternity Allowance",
        combine_q=["can I get {prog} and maternity {allowance|pay} together", "can {prog} be paid with the family cash transfer"],
        applicant="either parent, or the guardian, of the child applies",
        deadline="if the application is made within 6 months of the birth, the benefit is paid from the month of birth; otherwise from the month of the application",
        documents="the applicant's ID card and the child's birth certificate",
        duration="the benefit is paid until the child's third birthday without renewal",
        duration_q=["do I need to renew {prog} every year", "{how long|until when} is {prog} paid"],
        report="a change of address, the child leaving the household, or the child's death",
        report_q=["we {moved|moved to another district}, {must|should} I tell {the office|you} about {prog}"],
        suspend="payment is suspended when the child no longer lives with the applicant",
        suspend_q=["why {did|was} {prog} {stop|stopped} {this month|}", "{prog} {stopped|did not come}, what should I do"],
        decision_days=10, report_days=15, appeal_days=30, pay_day=15,
    ),
    "BIG": dict(
        name="Birth Grant", kind="one-off", everyday=["{the|} money for a newborn", "{the|} baby grant", "{the|} payment when a child is born"], local=["suyunchu", "posobie pri rozhdenii", "tugilganda pul"],
        purpose="a one-off payment on the birth of a child",
        elig_main="the grant is paid for every child born alive in Tavria or born abroad to a parent who is a citizen of Tavria",
        elig_main_q=["my {baby|son|daughter} was born {abroad|in Russia|in Kazakhstan}, can we get {prog}", "who can get {prog}"],
        elig_second="the grant does not depend on the household's income or on the social registry",
        elig_second_q=["do we need to be poor {to get|for} {prog}", "{must we|do we have to} be in the social registry for {prog}"],
        exclusion="the grant is not paid for a stillborn child; the Funeral Grant may be claimed instead",
        exclusion_q=["our baby {was stillborn|died at birth}, {is there|can we get} {prog}"],
        amount="the grant is 8,000 som for each child",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog}", "how much {money|} {do we get|is paid} when a baby is born"],
        supplement="for twins or triplets the grant is paid in full for each child",
        supplement_q=["we had twins, {is|do we get} {prog} {paid twice|for both|double}"],
        combine="the grant may be received together with every other benefit in this rulebook",
        combine_q=["can I get {prog} and the child benefit {too|both}", "does {prog} reduce other benefits"],
        applicant="the mother applies; the father or the guardian may apply if the mother cannot",
        deadline="the application must be made within 12 months of the birth; a later application is refused",
        documents="the applicant's ID card and the child's birth certificate issued by the civil registry office",
        duration="the grant is paid once, within 10 working days of the decision",
        duration_q=["is {prog} paid {once|every month}", "when is {prog} paid after the decision"],
        report="nothing: the grant is paid once",
        report_q=["after {prog} do I have to report anything"],
        suspend="a grant paid twice for the same child is recovered",
        suspend_q=["{prog} was paid twice, what happens"],
        decision_days=10, report_days=10, appeal_days=30, pay_day=10,
    ),
    "MAT": dict(
        name="Maternity Allowance", kind="one-off", everyday=["maternity {pay|money}", "{the|} pregnancy benefit", "{the|} money for the maternity leave"], local=["dekretnye", "dekret puli", "posobie po beremennosti"],
        purpose="a payment that replaces the earnings of a woman during 126 days of maternity leave",
        elig_main="a woman is eligible if she was employed or self-employed and paid social contributions for at least 6 of the 12 months before the leave",
        elig_main_q=["I {worked|was working} only {4|5|four} months, can I get {prog}", "{who can get|who is eligible for} {prog}", "I am self-employed, {can I get|is there} {prog}"],
        elig_second="the leave begins 70 days before the expected birth, as stated in the certificate of the doctor",
        elig_second_q=["when does {the maternity leave|prog} start", "how many days before the birth {does|is} {prog} {start|paid}"],
        exclusion="a woman who continues to work during the leave receives no allowance for those days",
        exclusion_q=["can I {work|keep working} and get {prog}"],
        amount="the allowance is 100% of the woman's average monthly earnings over the last 12 months, for 126 days, and at least 7,500 som in total",
        amount_q=["how much is {prog}", "how is {prog} calculated", "what is the minimum {prog}"],
        supplement="for a difficult birth or the birth of twins, the leave and the allowance are extended by 16 days",
        supplement_q=["{I had a caesarean|we had twins}, is {prog} longer", "extra days of {prog} for twins"],
        combine="the allowance may be received together with the Birth Grant and the Child Benefit, but not with the Unemployment Benefit",
        combine_q=["can I get {prog} and unemployment benefit", "{prog} and the birth grant {together|both}"],
        applicant="the woman applies, through her employer if she is employed",
        deadline="the application must be made within 6 months after the end of the maternity leave",
        documents="the applicant's ID card, the doctor's certificate of pregnancy, and a certificate of earnings from the employer or the tax office",
        duration="the allowance is paid in one sum for the whole leave",
        duration_q=["is {prog} paid {monthly|in one sum|every month}"],
        report="a return to work before the end of the leave",
        report_q=["I {go back to work|return to work} early, {must I|should I} tell {you|the office} about {prog}"],
        suspend="an allowance paid for days worked is recovered",
        suspend_q=["I worked during the leave, {will I pay back|must I return} {prog}"],
        decision_days=10, report_days=10, appeal_days=30, pay_day=10,
    ),
    "DIS": dict(
        name="Disability Allowance", kind="monthly", everyday=["{the|} disability {money|benefit|pension}", "{the|} allowance for disabled people", "{the|} invalid benefit"], local=["invalidnost", "posobie po invalidnosti", "mayiplar nafaqasi"],
        purpose="a monthly allowance for persons with a disability assessed by the medical and social expert commission",
        elig_main="a person is eligible when the medical and social expert commission has assigned a disability group I, II or III, or has assessed a child under 18 as a child with a disability",
        elig_main_q=["{my son|my daughter|my mother} {has|got} disability group {I|II|III|two|three}, can {she|he} get {prog}", "how do I get a disability group for {prog}", "{who decides|who assigns} the disability group"],
        elig_second="the disability group is reassessed by the commission every 1 to 3 years, except for persons whose disability is assessed as permanent",
        elig_second_q=["how often {must|do} {I|we} {renew|confirm} the disability group", "{my disability group|the group of my son} {expired|was not extended}, {what about|what happens to} {prog}"],
        exclusion="a person who receives a contributory disability pension from the Social Fund does not receive the allowance",
        exclusion_q=["I get a disability pension from the Social Fund, can I also get {prog}"],
        amount="the allowance is 4,200 som per month for group I and for a child with a disability, 3,100 som for group II and 2,200 som for group III",
        amount_q=["how much is {prog} for group {I|II|III|two|one}", "{what is the amount of|how many som is} {prog} for a {disabled child|child with a disability}", "how much {money|} {is|will I get from} {prog}"],
        supplement="a person of group I who lives alone receives a supplement of 500 som per month",
        supplement_q=["I {am|live} alone with group I, {is there|do I get} {extra|a supplement} {to|on} {prog}"],
        combine="the allowance may be received together with the Social Pension, and a carer may receive the Carer's Allowance for the same person",
        combine_q=["can I get {prog} and {the social pension|my pension} {together|both}", "my mother gets {prog}, can I get money for caring for her"],
        applicant="the person, or a parent or guardian of a child or of a person without legal capacity, applies",
        deadline="the allowance is paid from the day the disability group was assigned if the application is made within 3 months of it; otherwise from the month of the application",
        documents="the applicant's ID card and the decision of the medical and social expert commission",
        duration="the allowance is granted for as long as the disability group is valid",
        duration_q=["{how long|for how long} is {prog} paid", "does {prog} end when the group {expires|ends}"],
        report="a new decision of the commission, a move abroad, or a stay of more than 30 days in a hospital or care home",
        report_q=["{my mother|my son} {is in hospital|went to a care home} for {two months|40 days}, must I report it for {prog}"],
        suspend="payment is suspended when the disability group expires and is not renewed within 30 days",
        suspend_q=["{prog} {stopped|was stopped} after the {commission|new assessment}", "why did {prog} stop"],
        decision_days=15, report_days=10, appeal_days=30, pay_day=15,
    ),
    "CAR": dict(
        name="Carer's Allowance", kind="monthly", everyday=["{the|} money for caring for a disabled person", "{the|} carer benefit", "{the|} allowance for looking after my mother"], local=["posobie po ukhodu", "parvarish puli", "karoo jardamy"],
        purpose="a monthly allowance for a person who does not work because he or she cares for a person with disability group I or a child with a disability",
        elig_main="the carer must be of working age, not employed, and live at the same address as the person cared for",
        elig_main_q=["I {look after|care for} my {mother|father|son} with group I, can I get {prog}", "{do I have to|must I} live with {him|her|the disabled person} for {prog}", "{can I work|I work part-time}, can I {get|still get} {prog}"],
        elig_second="only one carer may receive the allowance for the same person",
        elig_second_q=["my sister and I both care for our mother, can we both get {prog}"],
        exclusion="the allowance is not paid when the person cared for lives in a care home",
        exclusion_q=["my father {is|went} in a care home, {is|can I get} {prog} {still paid|}"],
        amount="the allowance is 1,800 som per month",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog} per month"],
        supplement="a carer who cares for two or more persons receives 1,800 som for each",
        supplement_q=["I care for {two|both} {parents|children}, {do I get|is} {prog} {double|twice}"],
        combine="the allowance counts as income for the Family Cash Transfer and cannot be received together with the Unemployment Benefit",
        combine_q=["can I get {prog} and unemployment benefit", "does {prog} count as income for the family cash transfer"],
        applicant="the carer applies, with the written agreement of the person cared for or of his or her guardian",
        deadline="the allowance is paid from the month of the application",
        documents="the carer's ID card, the ID card of the person cared for and the decision of the medical and social expert commission",
        duration="the allowance is granted for as long as the disability group of the person cared for is valid",
        duration_q=["{how long|until when} is {prog} paid"],
        report="taking up work, moving to another address, or the person cared for entering a care home or dying",
        report_q=["I found a job, {must|do} I {report|tell you} for {prog}"],
        suspend="payment ends when the carer takes up work",
        suspend_q=["why did {prog} stop", "{prog} stopped after I started working, is that right"],
        decision_days=15, report_days=10, appeal_days=30, pay_day=15,
    ),
    "PEN": dict(
        name="Social Pension", kind="monthly", everyday=["{the|} old-age pension", "{the|} pension for old people", "{the|} state pension for people without a work pension"], local=["pensiya", "pensiya po starosti", "keksalik nafaqasi", "karylyk pensiyasy"],
        purpose="a monthly pension for older persons who have no contributory pension from the Social Fund",
        elig_main="men from the age of 63 and women from the age of 58 are eligible if they have no contributory pension",
        elig_main_q=["{my mother|my father|I} {is|am} {57|58|62|63|60} years old, can {she|he|I} get {prog}", "at what age {can I get|is} {prog}", "pension age for {women|men}"],
        elig_second="the applicant must have lived in Tavria for at least 10 years",
        elig_second_q=["I lived {abroad|in Russia} for many years, can I get {prog}", "how many years {must|do} I live in Tavria for {prog}"],
        exclusion="a person who receives a contributory pension of any amount does not receive the Social Pension",
        exclusion_q=["I have a small work pension, can I also get {prog}"],
        amount="the Social Pension is 3,600 som per month",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog}", "how much {money|} is {prog} {per month|a month}"],
        supplement="a pensioner aged 80 or over receives a supplement of 600 som per month",
        supplement_q=["my {grandmother|grandfather} is {81|85|80}, {is there|does she get} {a supplement|more} {on|to} {prog}"],
        combine="the pension may be received together with the Disability Allowance and the Winter Heating Supplement",
        combine_q=["can I get {prog} and the disability allowance {together|both}"],
        applicant="the person applies; a relative may apply with a power of attorney certified by a notary",
        deadline="the pension is paid from the month after the month in which the person reaches the pension age, if the application is made within 3 months; otherwise from the month of the application",
        documents="the applicant's ID card and a certificate from the Social Fund that no contributory pension is paid",
        duration="the pension is paid for life without renewal",
        duration_q=["do I need to renew {prog}", "is {prog} {for life|paid for life}"],
        report="a move abroad for more than 6 months, or the award of a contributory pension",
        report_q=["I {go|am going} to {Russia|live with my son abroad}, {what about|can I keep} {prog}"],
        suspend="payment is suspended while the pensioner lives abroad for more than 6 months",
        suspend_q=["{prog} stopped {while I was abroad|after I came back}"],
        decision_days=10, report_days=30, appeal_days=30, pay_day=10,
    ),
    "FUN": dict(
        name="Funeral Grant", kind="one-off", everyday=["{the|} money for a funeral", "{the|} burial {money|benefit}", "{the|} death grant"], local=["pokhoronnye", "dafn puli", "sook koyuu jardamy"],
        purpose="a one-off payment towards the cost of a funeral",
        elig_main="the person who paid for the funeral of a citizen or permanent resident of Tavria is eligible",
        elig_main_q=["{my father|my mother|my grandmother} {died|passed away}, who can get {prog}", "I paid for the funeral of my {uncle|neighbour}, can I get {prog}"],
        elig_second="the grant is paid whatever the income of the applicant or of the deceased",
        elig_second_q=["do we need to be poor {to get|for} {prog}"],
        exclusion="the grant is not paid when the employer of the deceased or an insurance pays for the funeral",
        exclusion_q=["the employer paid part of the funeral, can we still get {prog}"],
        amount="the grant is 6,000 som",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog}"],
        supplement="when the deceased was a child, a stillborn child or a recipient of the Social Pension, the grant is 7,000 som",
        supplement_q=["our {baby|child} died, is {prog} {more|different}", "{my grandmother|she} received the social pension, how much is {prog}"],
        combine="the grant may be received together with every other benefit in this rulebook",
        combine_q=["does {prog} reduce {my pension|other benefits}"],
        applicant="the person who paid for the funeral applies",
        deadline="the application must be made within 6 months of the death",
        documents="the applicant's ID card and the death certificate",
        duration="the grant is paid once, within 5 working days of the decision",
        duration_q=["how fast is {prog} paid", "when is {prog} paid after the decision"],
        report="nothing: the grant is paid once",
        report_q=["after {prog} must I report anything"],
        suspend="a grant paid twice for the same death is recovered",
        suspend_q=["{prog} was paid to two relatives, what happens"],
        decision_days=5, report_days=10, appeal_days=30, pay_day=5,
    ),
    "UNE": dict(
        name="Unemployment Benefit", kind="monthly", everyday=["{the|} benefit for jobless people", "{the|} unemployment money", "{the|} allowance when you lose your job"], local=["posobie po bezrabotitse", "bezrabotnye", "ishsizlik nafaqasi", "jumushsuzduk"],
        purpose="a monthly benefit for registered unemployed persons who are looking for work",
        elig_main="a person is eligible when registered as unemployed at the employment centre and when he or she worked and paid social contributions for at least 12 of the last 24 months",
        elig_main_q=["I {lost my job|was fired} after {8|10|eight} months, can I get {prog}", "who can get {prog}", "do I need to register at the employment centre for {prog}"],
        elig_second="the person must accept a suitable job offer or training proposed by the employment centre",
        elig_second_q=["the employment centre offered me a job I do not like, {can I refuse|what if I refuse} and keep {prog}", "{must|do} I go to training for {prog}"],
        exclusion="a person who left the last job by his or her own choice receives the benefit only after a waiting period of 3 months",
        exclusion_q=["I {quit|left my job myself}, can I get {prog}"],
        amount="the benefit is 2,400 som per month for the first 3 months and 1,800 som per month for the next 3 months",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog} per month", "does {prog} go down after three months"],
        supplement="a recipient with a child under 18 receives a supplement of 200 som per month for each child",
        supplement_q=["I have {two|three|2} children, {is there|do I get} {extra|a supplement} {on|with} {prog}"],
        combine="the benefit cannot be received together with the Maternity Allowance or the Carer's Allowance",
        combine_q=["can I get {prog} and carer's allowance {together|both}"],
        applicant="the unemployed person applies in person at the employment centre",
        deadline="the benefit is paid from the day of registration as unemployed",
        documents="the applicant's ID card, the work record book or the employment contract, and a certificate of the last earnings",
        duration="the benefit is paid for at most 6 months in any 12 months",
        duration_q=["how many months is {prog} paid", "{how long|for how long} can I get {prog}"],
        report="taking up any paid work, even for one day, and any change of address",
        report_q=["I {found a job|work a few days}, {must|do} I report it for {prog}"],
        suspend="payment stops when the person misses an appointment at the employment centre without a valid reason",
        suspend_q=["I missed my appointment {at the employment centre|}, {why did|will} {prog} stop"],
        decision_days=10, report_days=3, appeal_days=30, pay_day=10,
    ),
    "HEA": dict(
        name="Winter Heating Supplement", kind="monthly", everyday=["{the|} winter money", "{the|} money for coal", "{the|} heating {help|benefit}", "{the|} fuel allowance"], local=["pomoshch na ugol", "otopitelnye", "komur puli", "kumur jardamy"],
        purpose="a monthly payment during the heating season to help households buy coal, wood or gas",
        elig_main="households that receive the Family Cash Transfer or the Social Pension, and households with a person of disability group I, are eligible",
        elig_main_q=["we receive {the family cash transfer|the social pension}, can we get {prog}", "who can get {prog}", "{is|do we get} {prog} {automatic|automatically}"],
        elig_second="the household must heat its dwelling itself with a stove or individual boiler and not be connected to central heating",
        elig_second_q=["we have central heating, can we get {prog}", "we heat with a {stove|coal stove}, {is there|can we get} {prog}"],
        exclusion="the supplement is not paid to a household that receives a heating subsidy from the local administration",
        exclusion_q=["the {akimat|local administration} {pays|gives us} {coal|heating}, can we also get {prog}"],
        amount="the supplement is 1,500 som per month from November to March",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog}", "in which months is {prog} paid"],
        supplement="in high-mountain districts the supplement is 2,100 som per month and is paid from October to April",
        supplement_q=["we live in the mountains, {is|do we get} {prog} {more|longer}"],
        combine="the supplement may be received together with the Family Cash Transfer and the Social Pension",
        combine_q=["can we get {prog} and the family cash transfer"],
        applicant="the supplement is paid without application to households that receive the Family Cash Transfer or the Social Pension; other households apply",
        deadline="an application received after 15 November is paid from the month after the application, without back payment",
        documents="the applicant's ID card and a certificate from the local administration that the dwelling is not connected to central heating",
        duration="the supplement is paid for one heating season and must be claimed again each year by households that apply",
        duration_q=["{must|do} we apply for {prog} every year"],
        report="a connection of the dwelling to central heating",
        report_q=["we were connected to central heating, {must|do} I report it for {prog}"],
        suspend="payment ends with the heating season",
        suspend_q=["why did {prog} stop in {April|spring}"],
        decision_days=10, report_days=15, appeal_days=30, pay_day=15,
    ),
    "HOU": dict(
        name="Housing and Utility Subsidy", kind="monthly", everyday=["{the|} subsidy for bills", "{the|} help with utility bills", "{the|} housing subsidy", "{the|} discount on communal payments"], local=["subsidiya", "kommunalka", "subsidiya na kommunalnye"],
        purpose="a monthly subsidy for households whose bills for water, electricity, gas, heating and housing exceed 15% of their income",
        elig_main="a household is eligible when its utility and housing bills for the standard floor area exceed 15% of its total income",
        elig_main_q=["our {utility|communal} bills are {very high|half of our income}, can we get {prog}", "who can get {prog}", "what percent of income {for|is} {prog}"],
        elig_second="the standard floor area is 18 square metres for each member of the household, and 33 square metres for a person living alone",
        elig_second_q=["our flat is {big|80 square metres}, {is|does} {prog} {counted for the whole flat|reduced}", "what is the standard {area|floor area} for {prog}"],
        exclusion="a household with unpaid bills older than 3 months receives the subsidy only after agreeing a repayment plan",
        exclusion_q=["we have {debts|old unpaid bills}, can we get {prog}"],
        amount="the subsidy is the part of the bills that exceeds 15% of the household's income, and at most 2,000 som per month",
        amount_q=["how much is {prog}", "how is {prog} calculated", "what is the maximum {prog}"],
        supplement="for a household with a person of disability group I or II the threshold is 10% of income instead of 15%",
        supplement_q=["we have a {disabled|group II} person in the family, is {prog} {different|bigger}"],
        combine="the subsidy may be received together with every other benefit, which all count as income",
        combine_q=["do other benefits count as income for {prog}"],
        applicant="the owner or the tenant of the dwelling applies",
        deadline="the subsidy is paid from the month of the application",
        documents="the applicant's ID card, the bills of the last month, and certificates of the income of every member of the household for the last 6 months",
        duration="the subsidy is granted for 6 months and must be claimed again",
        duration_q=["{how long|for how many months} is {prog} {granted|given}", "{must|do} I apply again for {prog}"],
        report="any change of income of more than 10% or of the members of the household",
        report_q=["my {salary|income} went up, {must|do} I report it for {prog}"],
        suspend="payment is suspended when the current bills are not paid for 2 months",
        suspend_q=["why was {prog} {suspended|stopped}"],
        decision_days=10, report_days=30, appeal_days=30, pay_day=25,
    ),
    "SCH": dict(
        name="School Start Grant", kind="one-off", everyday=["{the|} money for school {things|uniform}", "{the|} school grant", "{the|} help for the first school year"], local=["shkolnye", "maktab puli", "mektep jardamy"],
        purpose="a one-off payment each August for each child of a household that receives the Family Cash Transfer and who starts or attends grades 1 to 4",
        elig_main="a child is eligible when the household receives the Family Cash Transfer on 1 August and the child is enrolled in grades 1 to 4 of a school",
        elig_main_q=["my {son|daughter} goes to grade {1|2|5|first|fifth}, can we get {prog}", "which grades {get|are covered by} {prog}"],
        elig_second="children with a disability are eligible in grades 1 to 9",
        elig_second_q=["my {son|daughter} has a disability and goes to grade {6|7|seventh}, is there {prog}"],
        exclusion="the grant is not paid for a child who does not attend school",
        exclusion_q=["my child {studies at home|does not go to school}, can we get {prog}"],
        amount="the grant is 2,500 som for each eligible child",
        amount_q=["how much is {prog}", "{what is the amount of|how many som is} {prog} per child"],
        supplement="for a child starting grade 1 the grant is 3,500 som",
        supplement_q=["my child starts {first grade|grade 1}, is {prog} {more|bigger}"],
        combine="the grant does not count as income for any other benefit",
        combine_q=["does {prog} count as income"],
        applicant="the grant is paid without application to households that receive the Family Cash Transfer",
        deadline="a household that did not receive the grant automatically may apply until 31 October",
        documents="no documents are needed; the school confirms enrolment to the district office",
        duration="the grant is paid once a year, by 20 August",
        duration_q=["when is {prog} paid", "is {prog} paid every year"],
        report="a child leaving school during the school year",
        report_q=["my child left school, do I have to report it for {prog}"],
        suspend="a grant paid for a child who did not attend school is recovered",
        suspend_q=["{will|must} we pay back {prog} if {my son|the child} {stopped going to school|left school}"],
        decision_days=10, report_days=30, appeal_days=30, pay_day=20,
    ),
}

# The articles every programme has: (article, paragraph, question type, plain-language heading).
PARAGRAPHS = [
    (1, 1, "eligibility", "What is the {n} and who is it for?"),
    (2, 1, "eligibility", "Can a foreigner get the {n}? Citizenship, residence permit and registered address (propiska)"),
    (2, 2, "eligibility", "Who can get the {n}? The main condition"),
    (2, 3, "eligibility", "What other conditions apply to the {n}?"),
    (2, 4, "eligibility", "Who is excluded from the {n}?"),
    (3, 1, "amount", "How much is the {n}? The amount in som"),
    (3, 2, "amount", "Is there extra money with the {n}? Supplements"),
    (3, 3, "amount", "Does the {n} go up every year? Indexation with inflation"),
    (3, 4, "amount", "Can I get the {n} together with other benefits?"),
    (4, 1, "documents", "Where and how do I apply for the {n}? Online or at the office"),
    (4, 2, "documents", "Can a relative apply for the {n} for me? Who applies"),
    (4, 3, "documents", "What is the deadline to apply for the {n}? Late applications and back payment"),
    (5, 1, "documents", "Which documents or papers do I need for the {n}?"),
    (5, 2, "documents", "Which certificates do I not need to bring for the {n}? The office gets them itself"),
    (6, 1, "documents", "How many days does the decision on the {n} take?"),
    (6, 2, "documents", "How will I know the decision on the {n}? SMS, letter and the reasons for a refusal"),
    (7, 1, "payment", "On what day is the {n} paid? A payment that did not arrive"),
    (7, 2, "payment", "Is the {n} paid to a bank card or in cash at the post office?"),
    (7, 3, "payment", "For how long is the {n} paid? Do I need to renew it?"),
    (8, 1, "payment", "Which changes must I report for the {n}?"),
    (8, 2, "payment", "Why did the {n} stop or was suspended?"),
    (8, 3, "payment", "Do I have to pay back the {n} if too much was paid?"),
    (9, 1, "appeal", "How do I appeal a decision on the {n}? I do not agree with a refusal"),
    (9, 2, "appeal", "Where do I complain about the {n} if the review did not help? Ombudsperson, court and payment during the appeal"),
]


def _rule(p: dict, article: int, paragraph: int) -> str:
    """The text of one paragraph of a programme's rules."""
    n = p["name"]
    monthly = p["kind"] == "monthly"
    texts = {
        (1, 1): f"The {n} is {p['purpose']}. It is paid by the State Social Payments Agency on behalf of the Ministry of Labour and Social Protection.",
        (2, 1): f"To receive the {n}, the applicant must be a citizen of Tavria or hold a permanent residence permit, and have a registered address in Tavria.",
        (2, 2): f"For the {n}, {p['elig_main']}.",
        (2, 3): f"In addition, for the {n}, {p['elig_second']}.",
        (2, 4): f"Exclusion: for the {n}, {p['exclusion']}.",
        (3, 1): f"Amount: {p['amount']}." + (" The amount is the same in every region." if monthly else ""),
        (3, 2): f"Supplement to the {n}: {p['supplement']}.",
        (3, 3): f"The amounts of the {n} are indexed on 1 January each year by the change in consumer prices of the previous year, as published by the National Statistics Committee, and rounded to the nearest 10 som.",
        (3, 4): f"Other benefits: {p['combine']}.",
        (4, 1): f"An application for the {n} is made at the district social protection office of the applicant's registered address, at any public service centre, or online on the e-government portal with an electronic signature.",
        (4, 2): f"Who applies for the {n}: {p['applicant']}.",
        (4, 3): f"When to apply for the {n}: {p['deadline']}.",
        (5, 1): f"Documents for the {n}: {p['documents']}.",
        (5, 2): f"The district office obtains itself, from the state registers, the data on registered address, household members, pensions and benefits paid; the applicant for the {n} does not need to bring certificates of these data.",
        (6, 1): f"The district office decides on the {n} within {p['decision_days']} working days of receiving a complete application. When a document is missing, the office asks for it within 3 working days and the time limit starts again when it arrives.",
        (6, 2): f"The decision on the {n} is sent to the applicant by SMS and by letter. A refusal states its reasons and how to appeal.",
        (7, 1): (f"The {n} is paid each month, by the {p['pay_day']}th day of the month, for the current month." if monthly
                 else f"The {n} is paid within {p['pay_day']} working days of the decision."),
        (7, 2): f"The {n} is paid to a bank card in the recipient's name or, at the recipient's request, in cash at a post office.",
        (7, 3): f"Duration of the {n}: {p['duration']}.",
        (8, 1): f"A recipient of the {n} must report to the district office, within {p['report_days']} days, {p['report']}.",
        (8, 2): f"Suspension of the {n}: {p['suspend']}.",
        (8, 3): f"An amount of the {n} paid without entitlement is recovered from later payments, at most 20% of each payment, or repaid by the recipient. No amount is recovered when the error was made by the office.",
        (9, 1): f"A person who disagrees with a decision on the {n} may ask the district office for a review within {p['appeal_days']} days of receiving the decision. The review is made by an official who did not take the decision, within 15 working days.",
        (9, 2): f"If the review does not settle the matter, the person may complain about the decision on the {n} to the regional department of social protection within 30 days, to the Ombudsperson, or to the administrative court. Payment continues during the appeal.",
    }
    return texts[(article, paragraph)]


# The general chapter: (paragraph, question type, heading, text, question templates).
GENERAL = [
    ("1.1", "eligibility", "What is the social registry and how do we register?", "The social registry lists the households that applied for social assistance, with their members, dwelling, assets and proxy means test score. Registration is voluntary and free, at the district social protection office or on the e-government portal.",
     ["how {do we get into|do I register in} the social registry", "what is the social registry", "{is|does} registration in the social registry {free|cost money}"]),
    ("1.2", "eligibility", "How is the proxy means test score calculated?", "The proxy means test score estimates a household's living standard from the dwelling, assets, household members and their ages. A social worker visits the household to record these data. A lower score means a poorer household.",
     ["how is {our|the} proxy means test score calculated", "what is the {score|PMT score}", "why {did|does} the social worker {visit us|come to our house}"]),
    ("1.3", "eligibility", "When is our score checked again?", "Every household in the social registry is reassessed at least every 3 years, and earlier when it reports a change. A household may ask for a new visit when its situation gets worse.",
     ["how often is our score {checked|recalculated}", "our situation got worse, can we ask for a new {visit|assessment}"]),
    ("2.1", "appeal", "Who can see my personal data?", "The personal data in the social registry are used only to decide on and pay benefits and to produce statistics. They are not given to other agencies except as allowed by the Law on Personal Data.",
     ["who can see my data in the social registry", "{do you give|will you share} my data {to the tax office|with the police|to the bank}"]),
    ("2.2", "appeal", "How can I see and correct my data?", "Every person may see the data that the social registry holds about his or her household, free of charge, and ask for wrong data to be corrected. The office answers within 10 working days.",
     ["how can I see {my data|what you have about my family}", "my data in the registry are wrong, how {do I correct|can I fix} them"]),
    ("2.3", "appeal", "Does a computer take decisions? Officials, not computers", "A decision to refuse or stop a benefit is always taken by an official. A person may ask which data and which rule the decision used.",
     ["{did a computer|was it a computer that} {refuse|refused} my {benefit|application}", "can I know why {my benefit was refused|you refused}"]),
    ("3.1", "payment", "Why is my claim checked?", "The State Social Payments Agency checks a sample of claims and claims with unusual features. A check does not mean that the claimant is suspected of fraud; payment continues during the check unless the identity of the claimant cannot be confirmed.",
     ["why {is my claim being checked|did you check my claim}", "{my benefit is under investigation|you are checking me}, will payment stop"]),
    ("3.2", "payment", "Someone asked for my SMS code by phone? Never give it", "The ministry and the Agency never ask for a password or an SMS code by phone. A person who gave a code to a caller should call the hotline 1255 at once to block the e-government account.",
     ["someone called and asked for {my SMS code|the code from the SMS}, {is it you|what do I do}", "{is the phone number 1255 yours|what is the hotline number}"]),
    ("3.3", "payment", "What if I made a mistake in my application? False information", "A person who knowingly gives false information to receive a benefit must repay it in full and may be fined. An honest mistake reported by the person is corrected without a fine.",
     ["I made a mistake in my application, {will I be fined|what happens}", "what happens if {someone lies|somebody gives false information} to get a benefit"]),
    ("4.1", "appeal", "How do I complain to the Ombudsperson?", "The Ombudsperson examines complaints about the work of the ministry and its offices free of charge. A complaint may be sent by letter, online, or given at a reception in any regional centre.",
     ["how {do I complain|can I write} to the Ombudsperson", "{is|does} {a complaint|the Ombudsperson} {free|cost money}"]),
    ("4.2", "documents", "What is the hotline number of the ministry?", "The ministry's hotline 1255 answers questions on benefits from 8:00 to 20:00 on working days, free of charge from any phone. Officials at the district office help persons who cannot apply online.",
     ["what is the phone number of the ministry", "{when|what time} does the hotline work", "I cannot use the internet, {who can help me|how do I apply}"]),
    ("4.3", "documents", "Can I apply in Russian? Languages and help for persons with disabilities", "Applications and questions may be made in the state language or in Russian. The district office provides help to persons with disabilities, including sign language interpretation on request.",
     ["can I {write|apply} in Russian", "{is there|do you have} sign language {help|interpretation}"]),
]

# Question templates for the paragraphs common to every programme (those with no programme-specific text).
COMMON_QUESTIONS = {
    (1, 1): ["what is {prog}", "{who is|what is} {prog} for", "tell me about {prog}"],
    (2, 1): ["I am not a citizen, I have a residence permit, can I get {prog}", "{do I need|must I have} {a propiska|a registered address} for {prog}", "can a foreigner get {prog}"],
    (3, 3): ["{does|will} {prog} {go up|increase} next year", "{is|when is} {prog} {indexed|raised} {with inflation|every year}", "why did {prog} {change|increase} in January"],
    (4, 1): ["where {do I apply|can I apply} for {prog}", "can I apply for {prog} online", "how {do I apply|to apply} for {prog}"],
    (5, 2): ["do I need to bring a certificate of {address|family composition|my pension} for {prog}", "{does|will} the office get {my data|the certificates} itself for {prog}"],
    (6, 1): ["how long {does it take|until the decision} for {prog}", "I applied for {prog} {two weeks ago|a month ago|10 days ago}, {no answer|nothing yet}", "how many days {to decide|for the decision} on {prog}"],
    (6, 2): ["how will I know the decision on {prog}", "{will you send|do you send} an SMS about {prog}", "they refused {prog} but did not say why"],
    (7, 1): ["when is {prog} paid", "what day {does|will} {prog} come", "{prog} {has not come|did not arrive} this month, when {is it paid|will it come}"],
    (7, 2): ["can I get {prog} in cash", "{how|where} is {prog} paid", "can {prog} be paid {to my card|to a bank card|at the post office}"],
    (8, 3): ["{they want|you want} {me to pay back|to take back} {prog}, {why|how much}", "I was paid too much {prog}, do I {pay back|have to return it}", "the office made a mistake with {prog}, do I have to {repay|pay it back}"],
    (9, 1): ["how {do I|can I} appeal {the decision on|a refusal of} {prog}", "{prog} was refused, {what can I do|I do not agree}", "how many days {do I have|to appeal} {for|against} {prog}"],
    (9, 2): ["the review {did not help|refused again} for {prog}, {what now|where do I complain}", "can I go to court about {prog}", "{is|will} {prog} {paid|still paid} during {the appeal|my complaint}"],
}
# The paragraph keys whose question templates come from the programme (its field `<key>_q`).
PROGRAMME_QUESTIONS = {(2, 2): "elig_main_q", (2, 3): "elig_second_q", (2, 4): "exclusion_q", (3, 1): "amount_q",
                       (3, 2): "supplement_q", (3, 4): "combine_q", (7, 3): "duration_q", (8, 1): "report_q",
                       (8, 2): "suspend_q"}
OTHER_QUESTIONS = {
    (4, 2): ["who {can|should} apply for {prog}", "can my {son|daughter|wife|husband} apply for {prog} for me", "can a relative apply for {prog}"],
    (4, 3): ["{is there a deadline|until when can I apply} for {prog}", "I {am late|applied late} for {prog}, {is it too late|what happens}", "{will I get|is there} back payment {if I apply late|} for {prog}"],
    (5, 1): ["what documents {do I need|are needed} for {prog}", "which papers {to bring|should I bring} for {prog}", "list of documents for {prog}"],
}

# Question types are unevenly common: amounts and eligibility most, appeals least.
PARAGRAPH_WEIGHT = {"eligibility": 1.1, "amount": 1.3, "documents": 1.0, "payment": 0.9, "appeal": 0.8}

GREETINGS = ["", "", "", "", "Hello.", "Good day.", "Hello, I have a question.", "Assalomu alaykum.", "Salem.",
             "Zdravstvuyte.", "Good afternoon.", "Dear ministry,", "Salam aleikum."]
CONTEXTS = ["", "", "", "", "", "", "", "", "", "", "", "", "I am a single mother.", "We are a family of {five|six|seven}.", "I live in {a village|the mountains|the North region|the South region}.",
            "I am {65|70|62} years old.", "My husband works in Russia.", "I asked at the office but nobody answered.", "I called the hotline {twice|many times}."]
PLEAS = ["", "", "", "Please help.", "Thank you.", "Please answer.", "Please explain.", "Pomogite pozhaluysta.",
         "Iltimos javob bering.", "Rakhmat.", "I need an answer quickly.", "Please tell me."]
# Words the citizens often write in a local language or transliterated Russian. Longest phrases first.
LOCAL_WORDS = {
    "documents": ["dokumenty", "hujjatlar"], "certificate": ["spravka", "malumotnoma"], "money": ["dengi", "pul", "aqsha"],
    "pension": ["pensiya", "nafaqa"], "benefit": ["posobie", "nafaqa"], "allowance": ["posobie"],
    "child": ["rebenok", "bola", "bala"], "children": ["deti", "bolalar", "balalar"], "mother": ["mama", "ona", "ana"],
    "father": ["papa", "ota", "ata"], "social worker": ["sotsrabotnik"], "card": ["karta", "kartochka"],
    "family": ["semya", "oila", "uy-bulo"], "registered address": ["propiska"], "decision": ["reshenie", "qaror"],
}

# Synthetic personal data. Names are common first names and surnames of the region combined at random.
FIRST_NAMES = ("Aibek", "Aigerim", "Ainura", "Akmal", "Almaz", "Asel", "Azamat", "Bakyt", "Bermet", "Cholpon",
               "Dilnoza", "Elmira", "Erlan", "Farhod", "Gulnara", "Gulzat", "Jamilya", "Kairat", "Kamila", "Madina",
               "Marat", "Nazira", "Nurlan", "Rustam", "Saltanat", "Samat", "Saule", "Timur", "Umida", "Zarina")
SURNAMES = ("Abdyraev", "Akmatov", "Alimov", "Asanov", "Baiturov", "Dzhumabaev", "Esenov", "Ibraev", "Kadyrov",
            "Kasymov", "Kerimov", "Kurmanov", "Mamatov", "Nazarov", "Osmonov", "Rakhimov", "Sadykov", "Suyunov",
            "Toktorov", "Orozov", "Yusupov", "Zhakypov")  # the men's form; a woman's adds "a" (Ibraev, Ibraeva)
FEMALE = {"Aigerim", "Ainura", "Asel", "Bermet", "Cholpon", "Dilnoza", "Elmira", "Gulnara", "Gulzat", "Jamilya",
          "Kamila", "Madina", "Nazira", "Saltanat", "Saule", "Umida", "Zarina"}
NAME_CUES = ["My name is {name}.", "My name is {name}.", "I am {name}.", "This is {name}.", "{name} here.",
             "I write for my {relative} {name}.", "Signed, {name}.", "From {name}."]
PHONE_CUES = ["Tel {phone}.", "Tel: {phone}.", "Mob {phone}.", "My mobile {phone}.", "Whatsapp {phone}."]
ID_CUES = ["My PIN is {id}.", "PIN {id}.", "PIN: {id}."]
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_CITATION = re.compile(r"^[A-Z]{3}-\d\.\d$")


def _keywords(programme: dict) -> str:
    """The search words the ministry's web team added to every passage of a programme: the everyday names and all
    local names but the last one, which nobody thought of."""
    names = [*programme["everyday"], *programme["local"][:-1]]
    return ", ".join(re.sub(r"\s+", " ", re.sub(r"[{}|]", " ", n)).replace("the ", "").strip() for n in names)


def rulebook() -> pd.DataFrame:
    """The rulebook: one row per passage, in the order of the programmes and their articles."""
    rows = []
    for code, p in PROGRAMMES.items():
        keywords = _keywords(p)
        for article, paragraph, qtype, heading in PARAGRAPHS:
            rows.append((f"{code}-{article}.{paragraph}", p["name"], qtype, heading.format(n=p["name"]),
                         _rule(p, article, paragraph), keywords))
    for number, qtype, heading, text, _ in GENERAL:
        rows.append((f"GEN-{number}", "General provisions", qtype, heading, text, ""))
    table = pd.DataFrame(rows, columns=["passage_id", "programme", "question_type", "heading", "text", "keywords"])
    assert table["passage_id"].map(_CITATION.match).all() and table["passage_id"].is_unique
    return table


def _templates(passage_id: str) -> list[str]:
    code, number = passage_id.split("-")
    if code == "GEN":
        return next(g[4] for g in GENERAL if g[0] == number)
    key = tuple(int(x) for x in number.split("."))
    if key in PROGRAMME_QUESTIONS:
        return PROGRAMMES[code][PROGRAMME_QUESTIONS[key]]
    return COMMON_QUESTIONS.get(key) or OTHER_QUESTIONS[key]


def _programme_reference(code: str, naming: str, rng: np.random.Generator) -> str:
    p = PROGRAMMES[code]
    if naming == "formal":
        return ("the " if rng.random() < 0.7 else "") + p["name"]
    if naming == "everyday":
        return _expand(p["everyday"][rng.integers(len(p["everyday"]))], rng)
    if naming == "local":
        return p["local"][rng.integers(len(p["local"]))]
    return ["it", "this benefit", "the benefit", "the payment", "my benefit"][rng.integers(5)]


_LOCAL = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(LOCAL_WORDS, key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)


def _localise(text: str, rate: float, rng: np.random.Generator) -> str:
    """Replace some words by a local spelling, each occurrence with probability `rate`."""
    return swap_words(text, _LOCAL, LOCAL_WORDS, rate, rng)


def _name(rng: np.random.Generator) -> str:
    """A fictional name: a first name and a surname (-ov/-ev, a woman's -ova/-eva) or, one time in five, a patronymic (uulu, kyzy)."""
    first = FIRST_NAMES[rng.integers(len(FIRST_NAMES))]
    if rng.random() < 0.2:
        father = [f for f in FIRST_NAMES if f not in FEMALE][rng.integers(len(FIRST_NAMES) - len(FEMALE))]
        return f"{first} {father} {'kyzy' if first in FEMALE else 'uulu'}"
    return f"{first} {SURNAMES[rng.integers(len(SURNAMES))]}{'a' if first in FEMALE else ''}"


def _phone(rng: np.random.Generator) -> str:
    """A fictional mobile number (Tavria's country code +999 is not assigned to any country), in one of six styles."""
    operator, rest = f"{rng.integers(50, 80)}", f"{rng.integers(0, 10_000_000):07d}"
    styles = [f"+999 {operator} {rest[:3]} {rest[3:5]} {rest[5:]}", f"0{operator}{rest}", f"0{operator} {rest[:3]} {rest[3:5]} {rest[5:]}",
              f"0 ({operator}) {rest[:3]}-{rest[3:5]}-{rest[5:]}", f"+999{operator}{rest}",
              " ".join(DIGIT_WORDS[int(d)] for d in f"0{operator}{rest}")]
    return styles[rng.choice(len(styles), p=[0.25, 0.25, 0.2, 0.1, 0.1, 0.1])]


def _id_number(rng: np.random.Generator) -> str:
    """A fictional 14-digit personal number: sex (1 or 2), date of birth DDMMYYYY, 5 more digits; some with spaces."""
    day, month, year = rng.integers(1, 29), rng.integers(1, 13), rng.integers(1945, 2006)
    digits = f"{rng.integers(1, 3)}{day:02d}{month:02d}{year}{rng.integers(0, 100_000):05d}"
    return digits if rng.random() < 0.8 else f"{digits[0]} {digits[1:9]} {digits[9:]}"


def _question(passage_id: str, heading: str, channel: str, rng: np.random.Generator) -> tuple[str, dict]:
    code = passage_id.split("-")[0]
    naming = "formal"
    if code != "GEN":
        kinds, shares = zip(*NAMING, strict=True)
        naming = kinds[min(int(np.searchsorted(np.cumsum(shares), rng.random(), side="right")), len(kinds) - 1)]
    if rng.random() < HEADING_SHARE:  # the question the rulebook's heading asks, in the citizen's words
        template = _SYNONYMS.sub(lambda m: SYNONYMS[m.group(0).lower()] if rng.random() < 0.4 else m.group(0),
                                 heading.split("?")[0].replace("the {n}", "{prog}"))
    else:
        templates = _templates(passage_id)
        template = templates[rng.integers(len(templates))]
    # The programme's slot is kept out of _expand, which would read `{prog}` as a choice of one.
    core = _expand(template.replace("{prog}", "\x00"), rng)
    if code != "GEN":
        core = core.replace("\x00", _programme_reference(code, naming, rng))
    core = re.sub(r"\s+", " ", core).strip()
    core = core[0].upper() + core[1:] + ("?" if rng.random() < 0.8 else "")
    parts = [_expand(GREETINGS[rng.integers(len(GREETINGS))], rng), _expand(CONTEXTS[rng.integers(len(CONTEXTS))], rng),
             core, _expand(PLEAS[rng.integers(len(PLEAS))], rng)]
    text = " ".join(p for p in parts if p)
    text = _add_typos(_localise(text, LOCAL_RATE[channel], rng), TYPO_RATE[channel], rng)
    if channel == "SMS" and rng.random() < 0.6:
        text = re.sub(r"[.,?]", "", text.lower())
    # Personal data are added after the typos (the values are then exact); SMS senders often write in lower case.
    pii = {"name": "", "phone": "", "id_number": ""}
    extra = []
    for kind, cues, make in (("name", NAME_CUES, _name), ("phone", PHONE_CUES, _phone), ("id_number", ID_CUES, _id_number)):
        if rng.random() < PII_SHARE[kind]:
            value = make(rng)
            if kind == "name" and channel == "SMS" and rng.random() < 0.5:
                value = value.lower()
            pii[kind] = value
            cue = cues[rng.integers(len(cues))].replace("{relative}", "mother" if value.split()[0].title() in FEMALE else "father")
            extra.append(cue.replace("{" + ("id" if kind == "id_number" else kind) + "}", value))
    if extra:
        before = rng.random() < 0.4
        text = " ".join([*extra, text] if before else [text, *extra])
    if channel == "call centre":
        text = "Caller asks: " + text
    return re.sub(r"\s+", " ", text).strip(), pii


def questions(seed: int = SEED, n: int = N_QUESTIONS) -> pd.DataFrame:
    """The citizens' questions, one row each, labelled with the passage that answers them."""
    rng = np.random.default_rng(seed)
    book = rulebook()
    weights = book["question_type"].map(PARAGRAPH_WEIGHT).to_numpy()
    weights = np.where(book["passage_id"].str.startswith("GEN"), weights * 1.5, weights)
    passage = rng.choice(len(book), size=n, p=weights / weights.sum())
    channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARE)
    ids, types, headings = book["passage_id"].tolist(), book["question_type"].tolist(), book["heading"].tolist()
    rows = []
    for i, (b, c) in enumerate(zip(passage, channel, strict=True)):
        text, pii = _question(ids[b], headings[b].replace(PROGRAMMES.get(ids[b][:3], {}).get("name", "\x00"), "{n}"),
                              CHANNELS[c], rng)
        rows.append({"question_id": f"Q{i + 1:04d}", "channel": CHANNELS[c], "question_type": types[b],
                     "text": text, "passage_id": ids[b], **pii})
    return pd.DataFrame(rows)


DATASETS = [
    Dataset("benefit_rulebook", "benefit_rulebook.csv", rulebook, read_options={"keep_default_na": False}),
    Dataset("citizen_questions", "citizen_questions.csv", questions, read_options={"keep_default_na": False, "dtype": str}),
]
