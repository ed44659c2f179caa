"""Write the programme's solution notebooks (issue 29) and fill their Russian catalogues (an authoring aid).

    python tools/programme_notebooks.py            write solutions/{pre,post}-assessment/, evaluation-form/,
                                                   capstone-workbook/ (then: aitrain release pre post evaluation
                                                   capstone; aitrain translate --lang ru)
    python tools/programme_notebooks.py --fill-po  write the Russian below into po/ru/<folder>.po (entries still
                                                   empty or fuzzy), then: aitrain release --lang ru ...

The before-and-after assessment has 15 items drawn from the modules' objectives (concepts, reading a chart, a
policy judgement), in two parallel forms: item N of the end test asks about the same objective as item N of the
start test, with other figures and wording, so the per-item gain compares like with like. Every answer is a
letter or a number in a one-line cell, so both paths can take it.
"""

import sys
from pathlib import Path

import polib
from nbbuild import Notebook

ROOT = Path(__file__).resolve().parents[1]
RU: dict[str, str] = {}  # English text -> Russian, for --fill-po


def t(en: str, ru: str) -> str:
    RU[en.strip("\n")] = ru.strip("\n")
    return en


LETTERS = "abcd"

# Each item: (objective, kind, form A, form B). A choice form: (question, [right option, wrong...], position of the
# right option); a chart form adds the chart's code. A number form: (question, chart code, answer, tolerance).
CHART_EXCLUSION = '''budget = [10, 20, 30, 40, 50, 60]
missed = {missed}
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(budget, missed, marker="o")
ax.set_title("{title}")
ax.set_xlabel("{xlabel}")
ax.set_ylabel("{ylabel}")
ax.set_xticks(budget)
ax.set_yticks(range(0, 101, 10))
ax.grid(True)
plt.show()'''
CHART_BARS = '''groups = {groups}
rates = {rates}
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.bar(groups, rates)
ax.set_title("{title}")
ax.set_xlabel("{xlabel}")
ax.set_ylabel("{ylabel}")
ax.set_yticks(range(0, {top}, 5))
ax.grid(True, axis="y")
plt.show()'''
CHART_SCATTER = '''rng = np.random.default_rng(seed)
x = rng.uniform(0, 10, 60)
y = {slope} * x + rng.normal(0, 1.2, 60) + {intercept}
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.scatter(x, y)
ax.set_title("{title}")
ax.set_xlabel("{xlabel}")
ax.set_ylabel("{ylabel}")
plt.show()'''

MISSED_TITLE = t("Poor households the formula misses, by budget (illustrative figures)",
                 "Доля бедных домохозяйств, которых не замечает формула, в зависимости от бюджета (условные данные)")
MISSED_X = t("Budget: households covered (%)", "Бюджет: охваченные домохозяйства (%)")
MISSED_Y = t("Poor households missed (%)", "Пропущенные бедные домохозяйства (%)")
REFUSED_Y = t("Eligible people wrongly refused (%)", "Ошибочно отказано имеющим право (%)")

ITEMS = [
    (t("Explain what a machine-learning model is and is not", "Объяснить, что такое модель машинного обучения и чем "
       "она не является"), "choice",
     (t("A ministry's new system has learned from 5,000 applications checked by staff which new applications are "
        "complete. What is it?", "Новая система министерства обучилась на 5000 заявлений, проверенных сотрудниками, "
        "определять, какие новые заявления заполнены полностью. Что это такое?"),
      [t("A model that learned a pattern from examples and predicts new cases, sometimes wrongly",
         "Модель, которая выучила закономерность на примерах и предсказывает новые случаи, иногда ошибаясь"),
       t("A rule written by programmers that cannot be wrong", "Правило, написанное программистами, которое не может "
         "ошибаться"),
       t("A database that looks up the true answer", "База данных, в которой хранится верный ответ"),
       t("A system that understands the law", "Система, которая понимает закон")], 1),
     (t("Which sentence describes a machine-learning model best?", "Какое утверждение лучше всего описывает модель "
        "машинного обучения?"),
      [t("It learns a rule from past examples and predicts new cases, with errors",
         "Она выводит правило из прошлых примеров и предсказывает новые случаи, допуская ошибки"),
       t("It knows the right answer for every case", "Она знает верный ответ для любого случая"),
       t("It applies the rules of the law word for word", "Она применяет нормы закона дословно"),
       t("It is a search engine over the ministry's files", "Это поисковая система по файлам министерства")], 2)),
    (t("Compare a model with a simple baseline before trusting it", "Сравнивать модель с простым базовым уровнем, "
       "прежде чем ей доверять"), "choice",
     (t("A model predicts life expectancy with an average error of 4.0 years. Predicting the average for every country "
        "gives an average error of 4.2 years. What do you conclude?", "Модель предсказывает ожидаемую "
        "продолжительность жизни со средней ошибкой 4,0 года. Если для каждой страны предсказывать среднее значение, "
        "средняя ошибка составит 4,2 года. Какой вывод вы сделаете?"),
      [t("The model barely beats the simplest baseline: ask whether it is worth its cost",
         "Модель едва превосходит простейший базовый уровень: стоит спросить, оправдывает ли она свою стоимость"),
       t("The model is excellent", "Модель превосходна"),
       t("The model is useless because it makes errors", "Модель бесполезна, потому что ошибается"),
       t("Nothing: the baseline does not matter", "Никакого: базовый уровень не имеет значения")], 3),
     (t("Before judging a model's accuracy, what should you compare it with?", "С чем нужно сравнить точность "
        "модели, прежде чем её оценивать?"),
      [t("A simple baseline, such as predicting the average or today's rule",
         "С простым базовым уровнем, например с предсказанием среднего или с действующим правилом"),
       t("The vendor's brochure", "С рекламным буклетом поставщика"),
       t("A perfect score of 100%", "С идеальным результатом 100%"),
       t("Another country's model", "С моделью другой страны")], 0)),
    (t("Judge a model on data it has not seen", "Оценивать модель на данных, которых она не видела"), "choice",
     (t("A vendor reports 99% accuracy, measured on the same records the model learned from. What do you ask for?",
        "Поставщик сообщает о точности 99%, измеренной на тех же записях, на которых модель обучалась. Что вы "
        "попросите?"),
      [t("Its accuracy on records the model has not seen (a test set)",
         "Точность на записях, которых модель не видела (тестовая выборка)"),
       t("Nothing: 99% is enough", "Ничего: 99% достаточно"),
       t("A larger model", "Модель побольше"),
       t("Last year's accuracy", "Точность за прошлый год")], 2),
     (t("Why is a model measured on data kept aside (a test set)?", "Зачем модель проверяют на данных, отложенных "
        "в сторону (тестовой выборке)?"),
      [t("To see how it does on cases it has not seen, as in real use",
         "Чтобы увидеть, как она работает на случаях, которых не видела, как при реальном использовании"),
       t("To make training faster", "Чтобы ускорить обучение"),
       t("Because the law requires two data sets", "Потому что закон требует двух наборов данных"),
       t("To raise its score", "Чтобы повысить её оценку")], 1)),
    (t("Name the errors of a targeting formula (exclusion and inclusion)", "Называть ошибки формулы адресности "
       "(исключения и включения)"), "choice",
     (t("A targeting formula marks a poor household as not poor, so it gets no benefit. This is:",
        "Формула адресности относит бедное домохозяйство к небедным, и оно не получает пособие. Это:"),
      [t("An exclusion error", "Ошибка исключения"),
       t("An inclusion error", "Ошибка включения"),
       t("A baseline", "Базовый уровень"),
       t("A test set", "Тестовая выборка")], 0),
     (t("A household that is not poor receives the benefit because of the formula. This is:",
        "Небедное домохозяйство получает пособие из-за формулы. Это:"),
      [t("An inclusion error", "Ошибка включения"),
       t("An exclusion error", "Ошибка исключения"),
       t("A baseline", "Базовый уровень"),
       t("A test set", "Тестовая выборка")], 3)),
    (t("Read a targeting trade-off off a chart", "Читать по графику компромисс адресности"), "number",
     (t("Read the chart: with a budget that covers **30%** of households, what share of poor households does the "
        "formula miss? Answer in percent, as a number.", "Прочитайте график: какую долю бедных домохозяйств "
        "пропускает формула при бюджете, охватывающем **30%** домохозяйств? Ответ дайте в процентах, числом."),
      CHART_EXCLUSION.format(missed=[78, 61, 47, 36, 27, 20], title=MISSED_TITLE, xlabel=MISSED_X, ylabel=MISSED_Y),
      47, 3),
     (t("Read the chart: with a budget that covers **40%** of households, what share of poor households does the "
        "formula miss? Answer in percent, as a number.", "Прочитайте график: какую долю бедных домохозяйств "
        "пропускает формула при бюджете, охватывающем **40%** домохозяйств? Ответ дайте в процентах, числом."),
      CHART_EXCLUSION.format(missed=[83, 68, 54, 42, 31, 23], title=MISSED_TITLE, xlabel=MISSED_X, ylabel=MISSED_Y),
      42, 3)),
    (t("Read which group bears a model's errors", "Определять, на какую группу приходятся ошибки модели"), "chart",
     (t("The chart shows, for each region, the share of eligible people the model wrongly refuses. In which region "
        "are eligible people most often wrongly refused?", "На графике для каждого региона показана доля имеющих "
        "право, которым модель ошибочно отказывает. В каком регионе имеющим право чаще всего ошибочно отказывают?"),
      [t("Region B", "Регион B"), t("Region A", "Регион A"), t("Region C", "Регион C"), t("Region D", "Регион D")],
      1,
      CHART_BARS.format(groups='["A", "B", "C", "D"]', rates=[12, 31, 18, 9], top=36,
                        title=t("Eligible people wrongly refused, by region", "Ошибочные отказы имеющим право, по "
                                "регионам"),
                        xlabel=t("Region", "Регион"), ylabel=REFUSED_Y)),
     (t("The chart shows, for each age group, the share of eligible people the model wrongly refuses. Which age group "
        "is most often wrongly refused?", "На графике для каждой возрастной группы показана доля имеющих право, "
        "которым модель ошибочно отказывает. Какой возрастной группе чаще всего ошибочно отказывают?"),
      [t("60 and over", "60 лет и старше"), t("15 to 29", "15–29 лет"), t("30 to 44", "30–44 года"),
       t("45 to 59", "45–59 лет")], 3,
      CHART_BARS.format(groups='["15-29", "30-44", "45-59", "60+"]', rates=[14, 11, 17, 29], top=36,
                        title=t("Eligible people wrongly refused, by age", "Ошибочные отказы имеющим право, по "
                                "возрасту"),
                        xlabel=t("Age group (years)", "Возрастная группа (лет)"), ylabel=REFUSED_Y))),
    (t("Read a poverty map's figures", "Читать показатели карты бедности"), "number",
     (t("Read the chart: what is the poverty rate of district **C**? Answer in percent, as a number.",
        "Прочитайте график: каков уровень бедности в районе **C**? Ответ дайте в процентах, числом."),
      CHART_BARS.format(groups='["A", "B", "C", "D"]', rates=[18, 27, 42, 33], top=51,
                        title=t("Poverty rate by district (illustrative figures)", "Уровень бедности по районам "
                                "(условные данные)"),
                        xlabel=t("District", "Район"), ylabel=t("Households below the poverty line (%)",
                                                                "Домохозяйства за чертой бедности (%)")), 42, 2),
     (t("Read the chart: what is the poverty rate of district **B**? Answer in percent, as a number.",
        "Прочитайте график: каков уровень бедности в районе **B**? Ответ дайте в процентах, числом."),
      CHART_BARS.format(groups='["A", "B", "C", "D"]', rates=[24, 38, 15, 29], top=51,
                        title=t("Poverty rate by district (illustrative figures)", "Уровень бедности по районам "
                                "(условные данные)"),
                        xlabel=t("District", "Район"), ylabel=t("Households below the poverty line (%)",
                                                                "Домохозяйства за чертой бедности (%)")), 38, 2)),
    (t("Read an association off a scatter plot, and not take it for a cause", "Читать связь по диаграмме рассеяния и "
       "не принимать её за причину"), "chart",
     (t("Each dot is a district. What does the chart show?", "Каждая точка — район. Что показывает график?"),
      [t("Where spending on clinics is higher, visits tend to be higher too (an association, not proof of a cause)",
         "Где расходы на поликлиники выше, посещений, как правило, тоже больше (это связь, а не доказательство "
         "причины)"),
       t("Spending has no relation with visits", "Расходы никак не связаны с посещениями"),
       t("Where spending is higher, visits tend to be lower", "Где расходы выше, посещений, как правило, меньше"),
       t("Spending causes every visit", "Расходы являются причиной каждого посещения")], 0,
      CHART_SCATTER.format(slope=0.8, intercept=2, title=t("Clinic spending and visits, by district",
                                                           "Расходы на поликлиники и посещения, по районам"),
                           xlabel=t("Spending per person (thousand)", "Расходы на человека (тыс.)"),
                           ylabel=t("Visits per person per year", "Посещений на человека в год"))),
     (t("Each dot is a district. What does the chart show?", "Каждая точка — район. Что показывает график?"),
      [t("Where travel time to a school is longer, enrolment tends to be lower (an association, not proof of a cause)",
         "Где дорога до школы дольше, охват обучением, как правило, ниже (это связь, а не доказательство причины)"),
       t("Travel time has no relation with enrolment", "Время в пути никак не связано с охватом обучением"),
       t("Where travel time is longer, enrolment tends to be higher", "Где дорога дольше, охват обучением, как "
         "правило, выше"),
       t("Travel time alone decides whether a child enrols", "Только время в пути решает, пойдёт ли ребёнок в "
         "школу")], 2,
      CHART_SCATTER.format(slope=-0.7, intercept=11, title=t("Travel time to school and enrolment, by district",
                                                             "Время в пути до школы и охват обучением, по районам"),
                           xlabel=t("Travel time to the nearest school (minutes / 10)",
                                    "Время в пути до ближайшей школы (минут / 10)"),
                           ylabel=t("Enrolment score", "Показатель охвата обучением")))),
    (t("Explain why equal accuracy is not fairness", "Объяснить, почему одинаковая точность ещё не означает "
       "справедливость"), "choice",
     (t("Two groups get the same overall accuracy from a model. What can still differ between them?",
        "Модель одинаково точна для двух групп в целом. Что при этом всё ещё может различаться?"),
      [t("The kinds of errors: one group may be wrongly refused more often", "Виды ошибок: одной группе могут чаще "
         "ошибочно отказывать"),
       t("Nothing", "Ничего"), t("Only the number of people", "Только число людей"),
       t("Only the model's code", "Только программный код модели")], 3),
     (t("A model is 90% accurate for both women and men. Is it therefore fair?", "Модель точна на 90% и для женщин, "
        "и для мужчин. Значит ли это, что она справедлива?"),
      [t("Not necessarily: check who bears which errors (wrongly refused, wrongly accepted) in each group",
         "Не обязательно: нужно проверить, на кого в каждой группе приходятся какие ошибки (ошибочные отказы, "
         "ошибочные одобрения)"),
       t("Yes: equal accuracy means equal treatment", "Да: одинаковая точность означает равное отношение"),
       t("Yes, if the vendor says so", "Да, если так говорит поставщик"),
       t("No: a model can never be used for people", "Нет: модель никогда нельзя применять к людям")], 1)),
    (t("Recognise data that identify people without their names", "Распознавать данные, которые позволяют узнать "
       "человека без имени"), "choice",
     (t("A registry extract has names and ID numbers removed, but keeps date of birth, sex and village. Is it "
        "anonymous?", "Из выгрузки реестра удалены имена и идентификационные номера, но оставлены дата рождения, пол "
        "и село. Анонимна ли она?"),
      [t("No: together these can single people out", "Нет: вместе эти данные позволяют выделить конкретных людей"),
       t("Yes", "Да"), t("Yes, if the file is encrypted", "Да, если файл зашифрован"),
       t("Only if it has fewer than 1,000 rows", "Только если в ней меньше 1000 строк")], 2),
     (t("Which of these can identify a person when combined, even without a name?", "Что из перечисленного в "
        "сочетании может указать на человека даже без имени?"),
      [t("Date of birth, sex and village", "Дата рождения, пол и село"),
       t("The national average income", "Средний доход по стране"),
       t("The number of districts", "Число районов"), t("The ministry's budget", "Бюджет министерства")], 0)),
    (t("Name the main risk of a generative-AI assistant for citizens", "Называть главный риск генеративного "
       "ИИ-помощника для граждан"), "choice",
     (t("A chatbot for citizens gives a confident figure for a benefit amount. What is the main risk?",
        "Чат-бот для граждан уверенно называет размер пособия. В чём главный риск?"),
      [t("The figure may be invented: it must answer from official documents and say when it does not know",
         "Цифра может быть выдуманной: бот должен отвечать по официальным документам и говорить, когда не знает "
         "ответа"),
       t("None: chatbots read the law", "Никакого: чат-боты читают закон"), t("It is too slow", "Он слишком "
                                                                               "медленный"),
       t("Citizens prefer phone calls", "Граждане предпочитают звонить по телефону")], 1),
     (t("What makes a citizens' chatbot less likely to invent answers?", "Что снижает вероятность того, что чат-бот "
        "для граждан будет выдумывать ответы?"),
      [t("Answering only from retrieved official documents, with the source, and handing over to staff when unsure",
         "Отвечать только по найденным официальным документам, со ссылкой на источник, и передавать вопрос "
         "сотруднику, если нет уверенности"),
       t("A friendlier tone", "Более дружелюбный тон"), t("Longer answers", "Более длинные ответы"),
       t("A larger screen", "Экран побольше")], 3)),
    (t("Tell which systems need the deepest impact assessment", "Определять, каким системам нужна самая глубокая "
       "оценка воздействия"), "choice",
     (t("Which system needs the most thorough impact assessment before use?", "Какой системе нужна самая тщательная "
        "оценка воздействия перед использованием?"),
      [t("A system that decides automatically who loses a social benefit",
         "Система, которая автоматически решает, кто лишится социального пособия"),
       t("A spelling checker for letters", "Проверка орфографии в письмах"),
       t("A meeting-room scheduler", "Планировщик переговорных комнат"),
       t("A translation of the ministry's website, checked by staff", "Перевод сайта министерства, проверенный "
         "сотрудниками")], 2),
     (t("Which system has the highest impact level?", "У какой системы самый высокий уровень воздействия?"),
      [t("A model that decides, with no human review, which families are removed from the benefit list",
         "Модель, которая без проверки человеком решает, какие семьи исключить из списка получателей пособия"),
       t("Sorting incoming e-mails into folders, all read by staff", "Сортировка входящих писем по папкам; все письма "
         "читают сотрудники"),
       t("A chart of last year's spending", "График расходов за прошлый год"),
       t("A search box on the ministry's website", "Окно поиска на сайте министерства")], 1)),
    (t("Decide how to use an imperfect targeting formula", "Решать, как использовать несовершенную формулу "
       "адресности"), "choice",
     (t("The budget covers 20% of households and the formula misses about half of the poor. What should the ministry "
        "do?", "Бюджет охватывает 20% домохозяйств, а формула пропускает примерно половину бедных. Что следует "
        "сделать министерству?"),
      [t("Use it with an appeals process and community checks for those it misses, and review its errors every year",
         "Применять её вместе с процедурой обжалования и проверкой на уровне общин для пропущенных и ежегодно "
         "пересматривать её ошибки"),
       t("Use the formula alone: it is objective", "Применять одну формулу: она объективна"),
       t("Stop the benefit altogether", "Полностью отменить пособие"),
       t("Keep the error figures secret", "Держать данные об ошибках в секрете")], 0),
     (t("A new formula misses fewer poor households but costs more to run. What should decide between the old and "
        "the new?", "Новая формула пропускает меньше бедных домохозяйств, но дороже в применении. Что должно решить "
        "выбор между старой и новой?"),
      [t("The errors each makes, who bears them, and the cost, compared openly",
         "Ошибки каждой, на кого они приходятся, и стоимость, сопоставленные открыто"),
       t("Which one is newer", "Какая из них новее"), t("The vendor's preference", "Предпочтение поставщика"),
       t("A coin toss", "Жребий")], 2)),
    (t("Keep a person in charge of decisions a model flags", "Оставлять решения по случаям, отмеченным моделью, за "
       "человеком"), "choice",
     (t("A fraud model flags 500 claims; inspectors can check 100 this month. What is sound?",
        "Модель выявления мошенничества отметила 500 заявок; в этом месяце инспекторы могут проверить 100. Как "
        "правильно поступить?"),
      [t("Inspect the 100 with the highest risk; nobody is penalised without an inspector's decision",
         "Проверить 100 заявок с наибольшим риском; никого не наказывать без решения инспектора"),
       t("Stop the payment of all 500", "Остановить выплаты по всем 500"), t("Ignore the model", "Не обращать "
                                                                             "внимания на модель"),
       t("Check 100 at random and stop the rest", "Проверить 100 случайных, а остальные остановить")], 3),
     (t("A model flags a family's benefit claim as likely fraud. What should happen next?", "Модель отметила заявку "
        "семьи на пособие как вероятное мошенничество. Что должно произойти дальше?"),
      [t("An inspector reviews the case, and the family can explain, before any decision",
         "Инспектор рассматривает дело, и семья может дать объяснения до принятия любого решения"),
       t("The payment stops automatically", "Выплата автоматически прекращается"),
       t("The family is fined", "Семью штрафуют"), t("The flag is published", "Отметку публикуют")], 0)),
    (t("Keep the data, the model and audit access with the government when buying AI", "Сохранять за государством "
       "данные, модель и право аудита при закупке ИИ"), "choice",
     (t("A company offers a free AI pilot if it keeps the data and the model. What should the contract say?",
        "Компания предлагает бесплатный пилотный проект ИИ, если данные и модель останутся у неё. Что должно быть "
        "в договоре?"),
      [t("The government keeps the data, the model and the right to audit it", "Данные, модель и право на её аудит "
         "остаются у государства"),
       t("Nothing: it is free", "Ничего: это бесплатно"),
       t("The company owns everything after the pilot", "После пилота всё принадлежит компании"),
       t("No contract is needed for a pilot", "Для пилотного проекта договор не нужен")], 1),
     (t("Which clause protects the ministry most when it buys an AI system?", "Какое условие договора лучше всего "
        "защищает министерство при покупке системы ИИ?"),
      [t("The ministry keeps the data and the right to audit and test the model",
         "Данные остаются у министерства, а у него есть право проверять и тестировать модель"),
       t("The vendor may reuse the data for other clients", "Поставщик может использовать данные для других "
         "клиентов"),
       t("The model is a trade secret, closed to audit", "Модель является коммерческой тайной и закрыта для аудита"),
       t("The price is fixed for ten years", "Цена зафиксирована на десять лет")], 2)),
]
assert len(ITEMS) == 15

SETUP = '''import matplotlib.pyplot as plt
import numpy as np

from aitrain import answer_sheet as check
from aitrain.plotting import use_course_style

use_course_style()'''
CHOICE_COMMENT = t("Your answer: one letter between quotes, for example \"a\"",
                   "Ваш ответ: одна буква в кавычках, например \"a\"")
NUMBER_COMMENT = t("Your answer: a number (in percent), for example 25", "Ваш ответ: число (в процентах), например 25")


def _options(options: list[str], position: int) -> tuple[list[str], str]:
    """The options with the right one (listed first) moved to `position`; and its letter."""
    right, wrong = options[0], options[1:]
    ordered = wrong[:position] + [right] + wrong[position:]
    return ordered, LETTERS[position]


def assessment(form: str) -> Notebook:
    start = form == "start"
    slug = "pre-assessment" if start else "post-assessment"
    meta = {
        "id": "pre" if start else "post",
        "title": t("Before the programme: what do you know already?", "Перед программой: что вы уже знаете?")
        if start else t("After the programme: what have you learned?", "После программы: чему вы научились?"),
        "story": t("A short test of 15 questions taken at the start and, in a parallel form, at the end of the "
                   "programme: the difference measures what the programme taught, not who you are.",
                   "Короткий тест из 15 вопросов: в начале программы и, в параллельном варианте, в конце. Разница "
                   "показывает, чему научила программа, а не оценивает вас."),
        "minutes": {"teaching": 5, "exercises": 25},
        "objectives": [item[0] for item in ITEMS],
        "prerequisites": [],
        "key_points": [t("Answer alone and without notes: the test measures the programme, not you.",
                         "Отвечайте самостоятельно и без записей: тест оценивает программу, а не вас.")],
        "datasets": [],
    }
    nb = Notebook(meta)
    nb.md(t("# Before the programme: what do you know already?", "# Перед программой: что вы уже знаете?") if start
          else t("# After the programme: what have you learned?", "# После программы: чему вы научились?"))
    nb.md(t("""These 15 questions cover what the programme teaches: what AI is, reading a chart, and decisions a
ministry has to take. **Your answers do not count towards any grade**: comparing the test at the start with the
one at the end tells the trainers what the programme taught. Answer alone, without notes, in about 20 minutes. If
you do not know, give your best guess.

For each question, replace `...` with your answer: a letter between quotes (`"b"`) or a number (`25`), then run
the cell below it (Shift+Enter), which says *Recorded*. When you have answered everything, save the notebook and
hand it in as your trainer says.""", """Эти 15 вопросов охватывают то, чему учит программа: что такое ИИ, чтение
графиков и решения, которые приходится принимать министерству. **Ваши ответы не влияют ни на какую оценку**:
сравнение теста в начале и в конце показывает преподавателям, чему научила программа. Отвечайте самостоятельно,
без записей, примерно 20 минут. Если не знаете ответа, выберите наиболее вероятный.

В каждом вопросе замените `...` своим ответом: буквой в кавычках (`"b"`) или числом (`25`), затем выполните ячейку
под ним (Shift+Enter): она ответит *Записано*. Ответив на все вопросы, сохраните блокнот и сдайте его так, как
скажет преподаватель."""))
    nb.parameters("seed = 29" if start else "seed = 92")
    nb.code(SETUP)
    for number, (_objective, kind, form_a, form_b) in enumerate(ITEMS, start=1):
        item = form_a if start else form_b
        name, grade_id = f"item_{number:02d}", f"item-{number:02d}"
        heading = t("### Question {n}", "### Вопрос {n}").format(n=number)
        if kind == "number":
            question, chart, answer, tolerance = item
            nb.md(f"{heading}\n\n{question}")
            nb.code(chart)
            nb.solution(grade_id, f"# {NUMBER_COMMENT}\n### BEGIN SOLUTION\n{name} = {answer}\n### END SOLUTION",
                        ).metadata["tags"] = ["values"]
            nb.test(grade_id + "-check", f"check.recorded({name}, lowest=0, highest=100)\n### BEGIN HIDDEN TESTS\n"
                    f"assert abs(check.number({name}, 0, 100) - {answer}) <= {tolerance}\n### END HIDDEN TESTS", 1)
            continue
        question, options, position, *chart = item
        ordered, letter = _options(options, position)
        listing = "\n".join(f"- **{letter_}**: {option}" for letter_, option in zip(LETTERS, ordered, strict=True))
        nb.md(f"{heading}\n\n{question}\n\n{listing}")
        if chart:
            nb.code(chart[0])
        nb.solution(grade_id, f"# {CHOICE_COMMENT}\n### BEGIN SOLUTION\n{name} = \"{letter}\"\n### END SOLUTION",
                    ).metadata["tags"] = ["values"]
        nb.test(grade_id + "-check", f"check.recorded({name}, choices=\"abcd\")\n### BEGIN HIDDEN TESTS\n"
                f"assert check.choice({name}) == \"{letter}\"\n### END HIDDEN TESTS", 1)
    nb.md(t("## Hand in\n\nSave the notebook (Ctrl+S) and hand it in as your trainer says. Thank you.",
            "## Сдача\n\nСохраните блокнот (Ctrl+S) и сдайте его так, как скажет преподаватель. Спасибо."))
    nb.instructor_md(f"""## Trainer notes

**Timing (25 min).** Give 20 minutes, alone and without notes, {'on the first morning before module 01' if start
else 'on the last afternoon, before the evaluation form'}. The {'start' if start else 'end'} form is parallel to the
{'end' if start else 'start'} form: item N asks about the same objective with other figures, so never show the
answers of either. Collect and grade it like a module: `aitrain collect {meta['id']}`, `aitrain autograde
{meta['id']}`; `aitrain funder-report` and `aitrain report` show the normalised gain per participant and per item
once both are graded.""")
    nb.write(ROOT / "solutions" / slug / f"{slug}.ipynb")
    return nb


def fill_po() -> None:
    for folder in ("pre-assessment", "post-assessment", "evaluation-form", "capstone-workbook"):
        path = ROOT / "po" / "ru" / f"{folder}.po"
        if not path.exists():
            continue
        po = polib.pofile(str(path), wrapwidth=0)
        filled = 0
        for entry in po:
            quoted = entry.msgid.startswith('"') and entry.msgid.endswith('"')
            text = RU.get(entry.msgid.strip("\n").strip('"') if quoted else entry.msgid.strip("\n"))
            text = f'"{text}"' if quoted and text is not None else text
            if text is None:
                text = _composite(entry.msgid)
            if text is not None and (entry.msgstr != text or entry.fuzzy):
                entry.msgstr, filled = text, filled + 1
                if entry.fuzzy:
                    entry.flags.remove("fuzzy")
        po.save(str(path))
        missing = [e.msgid[:70] for e in po if not e.msgstr]
        print(f"{path.name}: {filled} filled, {len(missing)} still empty", *missing, sep="\n  ")


def _composite(msgid: str) -> str | None:
    """A cell made of known pieces: a question's heading, text and options."""
    parts = msgid.split("\n\n")
    out = []
    for part in parts:
        if part.startswith("### Question "):
            out.append(part.replace("### Question ", "### Вопрос "))
            continue
        lines = part.split("\n")
        if all(line.startswith("- **") for line in lines):
            translated = []
            for line in lines:
                head, option = line.split("**: ", 1)
                if option not in RU:
                    return None
                translated.append(f"{head}**: {RU[option]}")
            out.append("\n".join(translated))
            continue
        if part not in RU:
            return None
        out.append(RU[part])
    return "\n\n".join(out)


if __name__ == "__main__":
    import programme_forms

    for form in ("start", "end"):
        assessment(form)
    programme_forms.write_all(ROOT, t)
    if "--fill-po" in sys.argv:
        fill_po()
