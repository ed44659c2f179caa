"""The evaluation form and the country-team capstone workbook (issue 29), written by programme_notebooks.py."""

from nbbuild import Notebook

SETUP = "from aitrain import answer_sheet as check"


def _values(nb, grade_id: str, comment: str, lines: str):
    """A cell of one-line values the participant fills in (replaced by `name = ...` in the release)."""
    cell = nb.solution(grade_id, f"# {comment}\n### BEGIN SOLUTION\n{lines}\n### END SOLUTION")
    cell.metadata["tags"] = ["values"]
    return cell


def evaluation(root, t) -> None:
    meta = {
        "id": "evaluation",
        "title": t("Your evaluation of the programme", "Ваша оценка программы"),
        "story": t("Five questions on the programme, answered at its end (or of a day): what was relevant, the pace, "
                   "what was hardest, what you will use; summarised without names.",
                   "Пять вопросов о программе в её конце (или в конце дня): что было полезно, темп, что было труднее "
                   "всего, что вы будете применять; сводка составляется без имён."),
        "minutes": {"teaching": 2, "exercises": 8},
        "objectives": [t("Tell the trainers what to keep and what to change", "Сообщить преподавателям, что "
                         "сохранить и что изменить")],
        "prerequisites": [],
        "key_points": [t("The summary shows counts and comments, never who wrote them.",
                         "В сводке показаны количества и комментарии, но не их авторы.")],
        "datasets": [],
    }
    nb = Notebook(meta)
    nb.md(t("# Your evaluation of the programme", "# Ваша оценка программы"))
    nb.md(t("""Five short questions. Your trainer sees **who has handed the form in**, but the summary of the answers
shows only counts and comments, **never names**, so please be frank. For each question replace `...` with your
answer and run the cell below it (Shift+Enter). You may also fill in the printed page and hand it to your
trainer.""", """Пять коротких вопросов. Преподаватель видит, **кто сдал анкету**, но в сводке ответов только
количества и комментарии, **без имён**, поэтому, пожалуйста, отвечайте откровенно. В каждом вопросе замените `...`
своим ответом и выполните ячейку под ним (Shift+Enter). Можно также заполнить печатную анкету и отдать её
преподавателю."""))
    nb.parameters("seed = 0")
    nb.code(SETUP)
    questions = [
        ("relevance", t("### 1. Relevance\n\nHow relevant was the programme to your work? **1** (not at all) to "
                        "**5** (very relevant).", "### 1. Полезность\n\nНасколько программа полезна для вашей "
                        "работы? От **1** (совсем нет) до **5** (очень полезна)."),
         t("A number from 1 to 5", "Число от 1 до 5"), "relevance = 4", "check.recorded(relevance, lowest=1, "
         "highest=5)"),
        ("pace", t("### 2. Pace\n\n- **a**: too slow\n- **b**: about right\n- **c**: too fast",
                   "### 2. Темп\n\n- **a**: слишком медленный\n- **b**: в самый раз\n- **c**: слишком быстрый"),
         t("One letter between quotes: \"a\", \"b\" or \"c\"", "Одна буква в кавычках: \"a\", \"b\" или \"c\""),
         'pace = "b"', 'check.recorded(pace, choices="abc")'),
        ("hardest", t("### 3. The hardest part\n\nWhich part was hardest to follow? A module's number or a few words.",
                      "### 3. Самое трудное\n\nКакую часть было труднее всего понять? Номер модуля или несколько "
                      "слов."),
         t("A few words between quotes", "Несколько слов в кавычках"), 'hardest = "Module 05, the risk index"',
         "check.recorded(hardest)"),
        ("will-use", t("### 4. What you will use\n\nWhat will you use in your work in the next three months?",
                       "### 4. Что вы будете применять\n\nЧто вы примените в своей работе в ближайшие три месяца?"),
         t("A few words between quotes", "Несколько слов в кавычках"),
         'will_use = "The scoping sheet, before we buy a system"', "check.recorded(will_use)"),
        ("comments", t("### 5. Anything else\n\nAny other comment for the trainers (or leave `\"\"`).",
                       "### 5. Что-нибудь ещё\n\nЛюбой другой комментарий для преподавателей (или оставьте `\"\"`)."),
         t("Words between quotes, or \"\" for none", "Слова в кавычках или \"\", если комментариев нет"),
         'comments = "More time for group work, please"', None),
    ]
    for grade_id, prompt, comment, line, check in questions:
        nb.md(prompt)
        _values(nb, f"evaluation-{grade_id}", comment, line)
        if check:
            nb.code(check)
    nb.md(t("## Hand in\n\nSave the notebook (Ctrl+S) and hand it in as your trainer says. Thank you.",
            "## Сдача\n\nСохраните блокнот (Ctrl+S) и сдайте его так, как скажет преподаватель. Спасибо."))
    nb.instructor_md("""## Trainer notes

**Timing (10 min).** At the end of the programme (or of each day: collect it again; the latest form of each
participant counts). `aitrain collect evaluation --from FOLDER`, then `aitrain evaluation --course COURSE` writes
the summary (counts per answer and the comments grouped, no names); forms filled in on paper are typed into a CSV
(columns relevance, pace, hardest, will_use, comments) and added with `--paper FILE.csv`. Nothing is graded.""")
    nb.write(root / "solutions" / "evaluation-form" / "evaluation-form.ipynb")


CAPSTONE_SECTIONS = [
    ("capstone-scope", 4, "Scope", "Рамки проекта",
     """### ✏️ 1. Scope the service (module 01's sheet)

Answer in 1 to 3 sentences each: the **decision** or service and who makes it today; the **people affected** and
what happens to them if the system is wrong; what would be **predicted** and how the true answer is known later;
the **baseline** (today's rule) and how good it is; the **measure of success** and how much better than the
baseline is worth the cost; **is AI needed?** (go ahead, start smaller, or not).""",
     """### ✏️ 1. Рамки услуги (лист из модуля 01)

Ответьте в 1–3 предложениях на каждый пункт: **решение** или услуга и кто принимает решение сегодня; **кого это
затрагивает** и что с ними будет, если система ошибётся; что будет **предсказываться** и как позже узнают верный
ответ; **базовый уровень** (действующее правило) и насколько он хорош; **мера успеха** и какое улучшение по
сравнению с базовым уровнем оправдывает затраты; **нужен ли ИИ?** (действовать, начать с малого или отказаться).""",
     "Rubric for the scope (4 points).", "Рубрика для рамок проекта (4 балла)."),
    ("capstone-data", 4, "Data and gaps", "Данные и пробелы",
     """### ✏️ 2. The data and their gaps

Which data would the system use (which registry or survey, who holds it, how recent)? Who is **missing** or
under-counted in them (remote villages, people without documents, women's own incomes...)? May you legally use
them, and what would you do about each gap?""",
     """### ✏️ 2. Данные и их пробелы

Какие данные будет использовать система (какой реестр или обследование, кто его ведёт, насколько оно свежее)? Кто в
них **отсутствует** или недоучтён (отдалённые сёла, люди без документов, собственные доходы женщин...)? Вправе ли вы
их использовать и что вы сделаете с каждым пробелом?""",
     "Rubric for the data (4 points).", "Рубрика для данных (4 балла)."),
    ("capstone-errors", 4, "Errors and who bears them", "Ошибки и на кого они приходятся",
     """### ✏️ 3. The errors and who bears them

Name the two kinds of error (someone wrongly refused, someone wrongly accepted), **who bears each** and what it
costs them, which one matters more for this service, and the safeguard (human review, appeal) for each.""",
     """### ✏️ 3. Ошибки и на кого они приходятся

Назовите два вида ошибок (кому-то ошибочно отказали, кого-то ошибочно одобрили), **на кого приходится каждая** и
чего она им стоит, какая важнее для этой услуги и какая мера защиты (проверка человеком, обжалование) нужна для
каждой.""",
     "Rubric for the errors (4 points).", "Рубрика для ошибок (4 балла)."),
    ("capstone-risks", 4, "Fairness and privacy risks", "Риски для справедливости и конфиденциальности",
     """### ✏️ 4. Fairness and privacy risks

Which groups could be treated worse (by sex, region, language, age, disability), and how would you check it?
Which personal data are involved, who may see them, and how would you share or publish results without
identifying anyone?""",
     """### ✏️ 4. Риски для справедливости и конфиденциальности

С какими группами система может обойтись хуже (по полу, региону, языку, возрасту, инвалидности) и как вы это
проверите? Какие персональные данные затрагиваются, кто может их видеть и как вы будете передавать или публиковать
результаты, никого не раскрывая?""",
     "Rubric for the risks (4 points).", "Рубрика для рисков (4 балла)."),
    ("capstone-level-why", 2, "Impact-assessment level", "Уровень оценки воздействия",
     """### ✏️ 5. Why this impact-assessment level

In two or three sentences: why the level you chose above (module 15's scale), and what it requires before the
system is used.""",
     """### ✏️ 5. Почему именно этот уровень оценки воздействия

В двух-трёх предложениях: почему вы выбрали указанный выше уровень (по шкале модуля 15) и что он требует сделать до
начала использования системы.""",
     "Rubric for the impact level (2 points).", "Рубрика для уровня воздействия (2 балла)."),
    ("capstone-plan", 6, "Action plan", "План действий",
     """### ✏️ 6. The action plan and how you will monitor it

The steps your team will take home (who does what, by when), then **at least three monitoring indicators** in the
table: copy this table into the cell below, keep its first two lines and write one indicator per line.

| indicator | baseline | target | source | frequency | owner |
|---|---|---|---|---|---|
| ... | ... | ... | ... | ... | ... |""",
     """### ✏️ 6. План действий и его мониторинг

Шаги, которые ваша команда увезёт домой (кто, что и к какому сроку), а затем **не менее трёх показателей
мониторинга** в таблице: скопируйте эту таблицу в ячейку ниже, сохраните две её первые строки и пишите по
одному показателю в строке.

| indicator | baseline | target | source | frequency | owner |
|---|---|---|---|---|---|
| ... | ... | ... | ... | ... | ... |""",
     "Rubric for the action plan (6 points).", "Рубрика для плана действий (6 баллов)."),
]
MODEL = {
    "capstone-scope": "Decision: who receives the winter heating allowance; today district officers decide from "
                      "paper files. Affected: 40,000 low-income households; a wrong refusal leaves a family without "
                      "heating. Predicted: eligibility, known after the household visit. Baseline: the paper "
                      "checklist, which misses about a third. Success: fewer wrongly refused than the checklist on "
                      "last winter's visited files. Start smaller: a ranking for visits, not a decision.",
    "capstone-data": "The social registry (Ministry of Labour, updated yearly) and the electricity company's "
                     "arrears. Missing: households off the grid and migrants without registration; we add the "
                     "district officers' lists. The data-sharing law allows it with an agreement.",
    "capstone-errors": "Wrongly refused: poor families, who go without heating: the worse error, so every refusal "
                       "is reviewed by an officer and can be appealed. Wrongly accepted: cost to the budget, checked "
                       "by a sample audit.",
    "capstone-risks": "Rural and Russian-speaking households may be under-recorded: we compare refusal rates by "
                      "district and language each month. Personal data stay in the ministry; published figures are "
                      "district totals with small cells suppressed.",
    "capstone-level-why": "Level III: it affects access to a benefit for many poor households, though an officer "
                          "decides. It requires a peer review, a published notice and human review of refusals.",
}
PLAN_MODEL = """1. Agree the data-sharing agreement with the electricity company (Ministry of Labour, by March).
2. Pilot the ranking in two districts next winter; officers decide every case.

| indicator | baseline | target | source | frequency | owner |
|---|---|---|---|---|---|
| Eligible households wrongly refused (%) | 33 | 15 | Sample of household visits | Each winter | Social assistance |
| Appeals decided within 30 days (%) | 40 | 90 | Appeals register | Monthly | Appeals unit |
| Gap in refusal rate, rural minus urban (points) | 8 | 2 | Registry and decisions | Quarterly | Statistics unit |"""


def capstone(root, t) -> None:
    meta = {
        "id": "capstone",
        "title": t("Country-team capstone: an action plan for a service of your government",
                   "Итоговый проект страновой команды: план действий для услуги вашего правительства"),
        "story": t("Teams of two to four from one country take a service of their own government through the "
                   "programme's questions, from its scope to an action plan with monitoring indicators, and present "
                   "it to a panel.", "Команды из двух–четырёх человек из одной страны проводят услугу своего "
                   "правительства через вопросы программы, от рамок проекта до плана действий с показателями "
                   "мониторинга, и представляют его комиссии."),
        "minutes": {"teaching": 10, "exercises": 170},
        "objectives": [t("Scope a real service and name its data, errors, risks and impact level",
                         "Определить рамки реальной услуги и назвать её данные, ошибки, риски и уровень воздействия"),
                       t("Write an action plan with indicators, baselines, targets, sources, frequencies and owners",
                         "Составить план действий с показателями, исходными и целевыми значениями, источниками, "
                         "периодичностью и ответственными")],
        "prerequisites": [],
        "key_points": [t("An action plan is only as good as the indicators that will show whether it worked.",
                         "План действий хорош настолько, насколько хороши показатели, которые покажут, сработал ли "
                         "он.")],
        "datasets": [],
    }
    nb = Notebook(meta)
    nb.md(t("# Country-team capstone: an action plan for a service of your government",
            "# Итоговый проект страновой команды: план действий для услуги вашего правительства"))
    nb.md(t("""Work in a team of two to four from your country. Choose **one service of your own government** where
AI has been proposed, and fill in this workbook at the programme's checkpoints: the scope after module 01, the data
and the errors after the targeting and mapping modules, the risks and the impact level after modules 12 to 15, and
the action plan on the last day, which you present to the panel. **One member hands in the workbook for the
team**; the trainer marks it with the rubric, and the team takes home the plan as a document (HTML and PDF).""",
            """Работайте в команде из двух–четырёх человек из вашей страны. Выберите **одну услугу своего
правительства**, для которой предлагалось применить ИИ, и заполняйте этот блокнот на контрольных точках программы:
рамки после модуля 01, данные и ошибки после модулей об адресности и картировании, риски и уровень воздействия после
модулей 12–15, план действий в последний день — его вы представите комиссии. **Блокнот за всю команду сдаёт один
участник**; преподаватель оценивает его по рубрике, а команда увозит план домой в виде документа (HTML и PDF)."""))
    nb.parameters("seed = 0")
    nb.code(SETUP)
    nb.md(t("## Your team", "## Ваша команда"))
    _values(nb, "capstone-team", t("Your team: words between quotes; members by the names on the roster, separated "
                                   "by commas", "Ваша команда: слова в кавычках; участники по именам из списка, "
                                   "через запятую"),
            'country = "Veridia"\nservice = "Winter heating allowance"\nmembers = "Ana Lima, Boris Petrov"')
    nb.code("check.recorded(country)\ncheck.recorded(service)\ncheck.recorded(members)")
    for grade_id, points, _title, _title_ru, prompt, prompt_ru, _rubric, _rubric_ru in CAPSTONE_SECTIONS:
        if grade_id == "capstone-level-why":
            nb.md(t("""### 5. The impact-assessment level

Module 15's scale: **I** little impact, easily reversed; **II** moderate; **III** high (access to benefits or
services of many people); **IV** very high (irreversible, or decides without a person).""",
                    """### 5. Уровень оценки воздействия

Шкала модуля 15: **I** — малое воздействие, легко обратимое; **II** — умеренное; **III** — высокое (доступ многих
людей к пособиям или услугам); **IV** — очень высокое (необратимое или решение принимается без участия
человека)."""))
            _values(nb, "capstone-level", t("The level: \"I\", \"II\", \"III\" or \"IV\"",
                                            "Уровень: \"I\", \"II\", \"III\" или \"IV\""), 'impact_level = "III"')
            nb.code('check.recorded(impact_level, choices=["I", "II", "III", "IV"])')
        if grade_id == "capstone-plan":
            nb.md(t("## The action plan", "## План действий"))
            _values(nb, "capstone-plan-title", t("The plan's title, between quotes", "Название плана в кавычках"),
                    'plan_title = "Fewer families left without heating: a fairer winter allowance"')
            nb.code("check.recorded(plan_title)")
        answer = PLAN_MODEL if grade_id == "capstone-plan" else MODEL[grade_id]
        nb.written(grade_id, t(prompt, prompt_ru), answer, points)
    nb.md(t("## Hand in\n\nSave the workbook (Ctrl+S); one member hands it in for the team.",
            "## Сдача\n\nСохраните блокнот (Ctrl+S); один участник сдаёт его за всю команду."))
    rubrics = {
        "capstone-scope": "4: every part answered for a real service, with a baseline and a measure of success that "
                          "can be checked; 2: the parts are there but vague (\"improve efficiency\"); 0: no real "
                          "service or mostly blank.",
        "capstone-data": "4: named data, holder and date, at least one group missing and what to do about it, the "
                         "legal basis; 2: data named but no gap; 0: blank or \"big data\".",
        "capstone-errors": "4: both errors, who bears each and its cost, which matters more and a safeguard for "
                           "each; 2: the errors named, not who bears them; 0: \"the model will be accurate\".",
        "capstone-risks": "4: a group at risk with a check, and the personal data with who may see them and how "
                          "results are shared; 2: one of the two; 0: \"no risks\".",
        "capstone-level-why": "2: a level consistent with the service (benefits: III or IV) and its requirements; "
                              "1: a level without its requirements; 0: none.",
        "capstone-plan": "6: steps with owners and dates, and at least three indicators with every column filled "
                         "(a baseline and a target in the same unit, a real source); 4: three indicators with "
                         "gaps; 2: steps only; 0: blank.",
    }
    notes = "\n\n".join(f"**{rubric}** {rubrics[grade_id]}" for grade_id, _p, _t, _tr, _pr, _prr, rubric, _rr
                        in CAPSTONE_SECTIONS)
    nb.instructor_md(f"""## Trainer notes

**Timing (180 min).** Spread over the track: 30 minutes after module 01 (scope), 30 after the targeting and
mapping modules (data, errors), 30 after 12 to 15 (risks, level), 60 on the last day (plan), 30 for the panel
(5 minutes per team and questions). Collect one workbook per team (`aitrain collect capstone`), grade it
(`aitrain autograde capstone`: nothing automatic, it registers the answers), mark each part with the rubric
(`aitrain mark capstone --question capstone-plan`), and export the plans for the teams with `aitrain capstone
--course COURSE` (HTML and PDF in COURSE/capstone/).

{notes}""")
    nb.write(root / "solutions" / "capstone-workbook" / "capstone-workbook.ipynb")


def write_all(root, t) -> None:
    evaluation(root, t)
    capstone(root, t)
