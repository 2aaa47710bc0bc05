"""The demo board's posts, each written by one demo organisation about its own work.

The board used to deal fifteen generic posts round the organisations, so a housing
cooperative "offered" Polish courses and a trade union described itself as a language school.
Each post here names its organisation (by name, from app/directory/demo_data.py) and keeps to
what that organisation does, by the rules tests/partnerships/test_demo.py checks:
- an offer offers only the organisation's own themes; a request has at least one of them (the
  rest is what it seeks a partner for);
- a post shares at least one target group with its organisation;
- a post's languages are languages the organisation works in, and its text is in one of them;
- a post's places are the organisation's counties (or the region, for a regional one).

Fields: org, kind, title, description (Markdown), offered (what we bring), themes, groups,
sought (sectors), langs, funding (a funding source, or None).
"""

DEMO_ORG_POSTS = {
    # orgadmin's organisation (Fundacja Otwarta Małopolska, Tarnów): an open request with interest,
    # a request that became a partnership with two Tarnów offices, and an offer posted by member.
    "request": dict(
        kind="request", title="Szukamy pracodawców do programu staży dla uchodźców z Ukrainy",
        description="Przygotowujemy projekt **aktywizacji zawodowej** osób z doświadczeniem uchodźczym z Tarnowa "
                    "i powiatu tarnowskiego. Szukamy firm, które przyjmą stażystów na 3–6 miesięcy i wyznaczą "
                    "opiekuna.\n\n- staże z wynagrodzeniem z projektu\n- kurs języka polskiego zawodowego\n"
                    "- wsparcie mentora",
        offered="Rekrutacja uczestników, doradca zawodowy mówiący po ukraińsku, rozliczanie projektu.",
        themes=["labour-market", "employment-activation"], groups=["ukrainian-war-refugees", "migrant-workers"],
        sought=["business", "local-government"], langs=["pl", "uk"], funding="fami-2021-2027"),
    "formed": dict(
        kind="request", title="Mieszkania przejściowe dla matek z dziećmi — partnerstwo z MOPS i PUP w Tarnowie",
        description="Prowadzimy w Tarnowie cztery mieszkania przejściowe dla matek z dziećmi, które przyjechały "
                    "z Ukrainy. Szukaliśmy partnerów, by rodziny po roku mogły wynająć mieszkanie samodzielnie: "
                    "ośrodka pomocy społecznej (praca socjalna, świadczenia) i urzędu pracy (szkolenia, "
                    "pośrednictwo pracy).",
        offered="Mieszkania, asystentka rodziny mówiąca po ukraińsku, umowy z właścicielami mieszkań.",
        themes=["housing", "social-assistance", "labour-market"], groups=["mothers-with-children", "ukrainian-war-refugees"],
        sought=["local-government"], langs=["pl", "uk"], funding="fem-2021-2027",
        partners=("MOPS Tarnów", "PUP Tarnów")),
    "offer": dict(
        kind="offer", title="Kurs polskiego dla dorosłych z opieką dla dzieci — zapraszamy partnerów",
        description="W soboty prowadzimy w Tarnowie kurs polskiego dla dorosłych, a w sali obok wolontariuszki "
                    "zajmują się dziećmi. Zapraszamy szkoły, ośrodki pomocy społecznej i organizacje, które "
                    "chcą kierować do nas rodziców albo poprowadzić z nami kolejną grupę.",
        offered="Lektorka, sala przy ul. Wałowej, opieka nad dziećmi w czasie zajęć.",
        themes=["polish-language", "adaptation"], groups=["mothers-with-children", "ukrainian-war-refugees"],
        sought=["public-services", "local-government"], langs=["pl", "uk"], funding="small-grants"),
}

POSTS = [
    # --- civil society -----------------------------------------------------------------------
    dict(org="Fundacja „Nadzieja dla Ukrainy”", kind="request",
         title="Psycholog dziecięcy mówiący po ukraińsku — szukamy partnera do wspólnego wniosku",
         description="Dzieci z naszej świetlicy przy ul. Krakowskiej po doświadczeniu wojny potrzebują stałej "
                     "pomocy psychologicznej. Szukamy poradni lub placówki ochrony zdrowia z Tarnowa, z którą "
                     "złożymy wspólny wniosek i ustalimy, jak kierować dzieci na konsultacje.",
         offered="Świetlica, opiekunki mówiące po ukraińsku, stały kontakt z rodzinami i szkołami.",
         themes=["mental-health", "childcare"], groups=["children-youth", "trauma-affected"],
         sought=["public-services"], langs=["pl", "uk"], funding="ngo-grant-competitions"),
    dict(org="Stowarzyszenie „Ukraiński Dom w Nowym Sączu”", kind="request",
         title="Шукаємо приміщення для суботньої школи української мови в Новому Сончі",
         description="Наша суботня школа вже не вміщається в орендованій кімнаті: щосуботи приходить понад "
                     "60 дітей. Шукаємо школу, бібліотеку чи будинок культури в Новому Сончі, які могли б "
                     "надати класи на суботній ранок.",
         offered="Вчительки, програма занять, волонтери, які чергують під час уроків.",
         themes=["culture-identity", "education"], groups=["children-youth", "ukrainian-war-refugees"],
         sought=["public-services", "local-government"], langs=["uk", "pl"], funding="ngo-own-funds"),
    dict(org="Fundacja Razem – Разом", kind="offer",
         title="Tłumaczymy informacje urzędowe na prosty język ukraiński — dla gmin i instytucji",
         description="Od 2022 r. przygotowujemy ulotki, komunikaty i strony internetowe w prostym języku "
                     "ukraińskim i rosyjskim. Każdy tekst przed publikacją czytają osoby, do których jest "
                     "skierowany. Dołączymy jako partner do projektu urzędu lub gminy z Krakowa albo powiatu "
                     "krakowskiego.",
         offered="Redaktorki prostego języka, grupa osób testujących teksty, 300 przygotowanych komunikatów.",
         themes=["multilingual-information"], groups=["newcomers", "ukrainian-war-refugees"],
         sought=["local-government", "public-services"], langs=["pl", "uk", "ru"], funding="fami-2021-2027"),
    dict(org="Stowarzyszenie Białorusinów w Krakowie „Razam”", kind="request",
         title="Szukamy prawnika do dyżurów w sprawach ochrony międzynarodowej",
         description="Co tydzień zgłaszają się do nas osoby z Białorusi, które ubiegają się o ochronę "
                     "międzynarodową albo wizę humanitarną. Szukamy organizacji prawniczej lub kancelarii, która "
                     "raz w tygodniu poprowadzi dyżur w naszej siedzibie w Krakowie.",
         offered="Lokal, tłumaczenie z białoruskiego i rosyjskiego, zapisy na dyżury.",
         themes=["legalisation", "vulnerable-persons"], groups=["forced-migrants", "protection-beneficiaries"],
         sought=["civil-society", "business"], langs=["pl", "ru", "be"], funding="norway-eea-grants"),
    dict(org="Sakartvelo – Wspólnota Gruzińska w Krakowie", kind="offer",
         title="Spotkania z kulturą gruzińską dla szkół, bibliotek i domów kultury",
         description="Gruzińskie rodziny opowiadają o swoich tradycjach, uczą tańca i gotują razem "
                     "z uczestnikami. Zapraszamy szkoły, biblioteki i domy kultury z Krakowa i powiatu "
                     "wielickiego.",
         offered="Prowadzący mówiący po polsku, stroje, muzyka, przepisy i produkty.",
         themes=["culture-identity", "social-relations"], groups=["host-society", "migrant-community-representatives"],
         sought=["public-services"], langs=["pl", "ka"], funding="civic-budget"),
    dict(org="Parafialny Zespół Caritas w Bochni", kind="request",
         title="Transport dla seniorów z Ukrainy na wizyty w urzędach i u lekarzy",
         description="Pomagamy kilkunastu starszym osobom z Ukrainy, które mieszkają w gminach powiatu "
                     "bocheńskiego. Najtrudniej im dojechać do urzędów i przychodni w Bochni. Szukamy gminy lub "
                     "firmy, która użyczy busa albo sfinansuje przejazdy.",
         offered="Wolontariusze-kierowcy, stały kontakt z seniorami, umawianie wizyt.",
         themes=["social-assistance", "vulnerable-persons"], groups=["seniors", "ukrainian-war-refugees"],
         sought=["local-government", "business"], langs=["pl"], funding="private-business"),
    dict(org="Międzyzakładowy Związek Zawodowy Pracowników Migrujących", kind="offer",
         title="Szkolenia z praw pracowniczych dla pracowników z zagranicy — w ich językach",
         description="Prowadzimy dwugodzinne szkolenia o umowach, wynagrodzeniu, czasie pracy i o tym, gdzie "
                     "szukać pomocy. Przyjedziemy do zakładu pracy, hotelu pracowniczego lub organizacji "
                     "w każdym powiecie Małopolski.",
         offered="Trenerzy mówiący po ukraińsku, rosyjsku i angielsku, materiały w czterech językach.",
         themes=["workers-rights", "anti-discrimination"], groups=["migrant-workers"],
         sought=["business", "civil-society"], langs=["pl", "uk", "ru", "en"], funding="fers-2021-2027"),
    dict(org="Grupa Wolontariuszy „Pomocna Dłoń” Limanowa", kind="request",
         title="Szukamy sali na korepetycje z polskiego dla dzieci w Limanowej",
         description="Uczymy polskiego kilkanaścioro dzieci z Ukrainy, na razie w prywatnych mieszkaniach. "
                     "Szukamy szkoły, biblioteki albo parafii w Limanowej, która udostępni salę dwa popołudnia "
                     "w tygodniu.",
         offered="Wolontariusze (w tym dwie emerytowane polonistki), materiały do nauki, ubezpieczenie zajęć.",
         themes=["polish-language", "social-relations"], groups=["children-youth", "ukrainian-war-refugees"],
         sought=["public-services", "local-government", "civil-society"], langs=["pl"], funding="ngo-own-funds"),
    dict(org="Fundacja dla Kobiet „Siostry”", kind="request",
         title="Drugie mieszkanie interwencyjne dla kobiet z dziećmi — szukamy partnera samorządowego",
         description="Nasze mieszkanie interwencyjne w Myślenicach ma cztery miejsca i jest stale zajęte. "
                     "Szukamy gminy lub powiatowego centrum pomocy rodzinie, z którym uruchomimy drugie "
                     "mieszkanie dla kobiet z dziećmi uciekających przed przemocą, także cudzoziemek.",
         offered="Prawniczka, psycholożka mówiąca po ukraińsku, procedury bezpieczeństwa, 10 lat doświadczenia.",
         themes=["vulnerable-persons", "housing"], groups=["women", "mothers-with-children"],
         sought=["local-government"], langs=["pl", "uk"], funding="ngo-grant-competitions"),
    dict(org="Stowarzyszenie Edukacji Międzykulturowej w Gorlicach", kind="offer",
         title="Warsztaty dla rad pedagogicznych: uczeń z zagranicy w klasie",
         description="Poprowadzimy w szkole trzygodzinne warsztaty dla rady pedagogicznej: pierwsze dni ucznia "
                     "z zagranicy, ocenianie, współpraca z rodzicami. Zapraszamy szkoły i gminy powiatu "
                     "gorlickiego, które chcą włączyć warsztaty do planu doskonalenia nauczycieli.",
         offered="Trenerki z doświadczeniem w klasach wielojęzycznych, scenariusze lekcji, materiały dla rodziców.",
         themes=["intercultural-competence", "school-support"], groups=["teachers"],
         sought=["public-services", "local-government"], langs=["pl"], funding="local-government-budget"),
    dict(org="Fundacja Pomocy Prawnej „Lex Migra”", kind="offer",
         title="Dyżury prawne w sprawach pobytowych w Waszej instytucji",
         description="Nasi prawnicy mogą raz w miesiącu dyżurować w ośrodku pomocy społecznej, urzędzie pracy "
                     "lub punkcie informacyjnym w każdym powiecie. Pomagamy przy wnioskach o pobyt czasowy, "
                     "odwołaniach i zezwoleniach na pracę.",
         offered="Prawnicy specjalizujący się w prawie migracyjnym, porady w czterech językach, dyżury online.",
         themes=["legalisation", "area-1-information"], groups=["third-country-nationals", "migrant-workers"],
         sought=["local-government", "public-services"], langs=["pl", "en", "uk", "ru"], funding="fami-2021-2027"),
    dict(org="Fundacja „Dzieci Razem” w Zakopanem", kind="request",
         title="Półkolonie polsko-ukraińskie w Zakopanem — szukamy współfinansowania",
         description="Latem organizujemy dwa turnusy półkolonii dla 40 dzieci z Podhala, polskich i ukraińskich. "
                     "Szukamy gminy lub firmy z powiatu tatrzańskiego, która pokryje koszt posiłków i wycieczek.",
         offered="Program, wychowawcy, sala, doświadczenie z pięciu turnusów.",
         themes=["childcare", "social-relations"], groups=["children-youth"],
         sought=["local-government", "business"], langs=["pl", "uk"], funding="private-business"),
    dict(org="Fundacja „Mosty” Wieliczka", kind="request",
         title="Pracodawcy z powiatu wielickiego do programu potwierdzania kwalifikacji",
         description="Pomagamy w uznawaniu dyplomów i potwierdzaniu kwalifikacji spawaczy, elektryków "
                     "i księgowych z Ukrainy. Szukamy pracodawców, którzy przyjmą uczestników na próbny okres "
                     "pracy i ocenią ich umiejętności.",
         offered="Doradca zawodowy, pomoc w tłumaczeniu dokumentów, opłacenie egzaminów.",
         themes=["qualification-recognition", "employment-activation"],
         groups=["shortage-skilled-migrants", "migrant-workers"], sought=["business"], langs=["pl", "uk"],
         funding="fers-2021-2027"),
    dict(org="Fundacja „Nowy Start” Brzesko", kind="offer",
         title="Polski zawodowy dla pracowników budowy, opieki i gastronomii",
         description="Nasze kursy uczą słownictwa potrzebnego w pracy: BHP, rozmowy z klientem, dokumenty. "
                     "Zajęcia odbywają się w zakładzie pracy, po zmianie. Zapraszamy pracodawców z powiatów "
                     "brzeskiego i bocheńskiego.",
         offered="Lektorki, podręcznik języka zawodowego, zaświadczenie o ukończeniu kursu.",
         themes=["polish-language", "employment-activation"], groups=["migrant-workers"],
         sought=["business"], langs=["pl", "uk"], funding="private-business"),
    dict(org="Stowarzyszenie Tłumaczy Środowiskowych", kind="offer",
         title="Tłumacze środowiskowi na wizyty w urzędach, szpitalach i szkołach",
         description="Zrzeszamy 20 tłumaczy języka ukraińskiego, rosyjskiego, gruzińskiego i angielskiego, "
                     "przeszkolonych w tłumaczeniu środowiskowym. Dołączymy jako partner do projektów, w których "
                     "instytucje potrzebują tłumacza na miejscu lub przez telefon.",
         offered="Zespół 20 tłumaczy, dyżur telefoniczny, szkolenie personelu z pracy z tłumaczem.",
         themes=["translation-interpreting", "intercultural-assistants-mediators"],
         groups=["public-administration-staff", "healthcare-staff"], sought=["public-services", "local-government"],
         langs=["pl", "uk", "ru", "ka", "en"], funding="fami-2021-2027"),
    dict(org="Fundacja Medycy dla Migrantów", kind="request",
         title="Szukamy szpitali do stażu adaptacyjnego lekarzy i pielęgniarek z Ukrainy",
         description="Przygotowujemy 15 lekarzy i pielęgniarek z Ukrainy do egzaminów i pracy w Polsce. "
                     "Szukamy szpitali w Krakowie i Nowym Sączu, które przyjmą ich na staż pod opieką "
                     "doświadczonego lekarza.",
         offered="Kurs polskiej terminologii medycznej, pomoc w dokumentach dla izb lekarskich i pielęgniarskich, mentorzy.",
         themes=["qualification-recognition", "health"], groups=["migrant-medics"],
         sought=["public-services"], langs=["pl", "uk"], funding="fers-2021-2027"),
    # --- cross-sector --------------------------------------------------------------------------
    dict(org="Nowosądeckie Forum Integracji", kind="request",
         title="Pracodawcy z Sądecczyzny do partnerstwa na rzecz zatrudnienia cudzoziemców",
         description="Partnerstwo samorządów, urzędu pracy i organizacji z Nowego Sącza oraz powiatów "
                     "nowosądeckiego, limanowskiego i gorlickiego szuka kolejnych pracodawców. Chcemy wspólnie "
                     "zaplanować rekrutację, szkolenia i zakwaterowanie pracowników z zagranicy.",
         offered="Kontakt z urzędem pracy, doradcy zawodowi, pomoc w formalnościach, spotkania partnerstwa co kwartał.",
         themes=["labour-market", "employing-foreigners", "cross-sector-cooperation"], groups=["employers"],
         sought=["business"], langs=["pl"], funding="national-employment-services"),
    dict(org="Krakowskie Forum Organizacji Migranckich", kind="offer",
         title="Consultations with migrant communities for your strategy or project",
         description="The forum brings together 25 migrant organisations in Kraków. We organise consultation "
                     "meetings at which the city, its offices and researchers hear from migrant communities "
                     "directly, in Ukrainian, English and Polish.",
         offered="Contacts with 25 migrant organisations, moderators, interpreting, a short report after each meeting.",
         themes=["civic-participation", "cross-sector-cooperation"], groups=["migrant-community-representatives"],
         sought=["local-government", "academia"], langs=["en", "pl", "uk"], funding="local-government-budget"),
    # --- local government ----------------------------------------------------------------------
    dict(org="Miejski Ośrodek Pomocy Społecznej w Krakowie", kind="request",
         title="Organizacja do prowadzenia mieszkań wspomaganych dla seniorów z Ukrainy",
         description="Miasto przeznacza na ten cel sześć mieszkań. Szukamy organizacji pozarządowej z Krakowa, "
                     "która przejmie codzienne wsparcie mieszkańców: opiekę, zakupy, towarzyszenie w wizytach "
                     "u lekarza.",
         offered="Mieszkania, finansowanie opiekunów w ramach zadania publicznego, pracownik socjalny mówiący po ukraińsku.",
         themes=["housing", "social-assistance"], groups=["seniors", "ukrainian-war-refugees"],
         sought=["civil-society"], langs=["pl", "uk"], funding="local-government-budget"),
    dict(org="Miejski Ośrodek Pomocy Społecznej w Tarnowie", kind="request",
         title="Wielojęzyczna ulotka o świadczeniach — szukamy organizacji do tłumaczenia i sprawdzenia tekstu",
         description="Przygotowujemy ulotkę o świadczeniach rodzinnych i pomocy społecznej w Tarnowie po "
                     "ukraińsku, angielsku i rosyjsku. Szukamy organizacji, która pomoże w tłumaczeniu i sprawdzi "
                     "z rodzinami, czy tekst jest zrozumiały.",
         offered="Treść merytoryczna, druk 3000 egzemplarzy, rozpowszechnienie w urzędach i szkołach.",
         themes=["social-assistance", "multilingual-information"], groups=["mothers-with-children", "ukrainian-war-refugees"],
         sought=["civil-society", "other"], langs=["pl", "uk"], funding="local-government-budget"),
    dict(org="Wojewódzki Urząd Pracy w Krakowie", kind="request",
         title="Partner naukowy do badania zapotrzebowania na pracowników z zagranicy",
         description="Co roku przygotowujemy barometr zawodów dla Małopolski. Chcemy dodać do niego analizę "
                     "zawodów, w których pracodawcy zatrudniają cudzoziemców. Szukamy uczelni lub ośrodka "
                     "badawczego do współpracy przy metodologii i analizie danych.",
         offered="Dane urzędów pracy z całego regionu, zespół analityków, publikacja wyników.",
         themes=["labour-migration-policy", "research-knowledge"], groups=["employers", "employment-services-staff"],
         sought=["academia"], langs=["pl", "en"], funding="fers-2021-2027"),
    dict(org="Regionalny Ośrodek Polityki Społecznej w Krakowie", kind="offer",
         title="Wsparcie gmin i powiatów w przygotowaniu lokalnego planu integracji",
         description="W programie „Małopolska otwarta” pomagamy gminom i powiatom przygotować lokalny plan "
                     "integracji imigrantów: diagnozę, spotkania z partnerami i wybór działań. Szukamy "
                     "kolejnych samorządów, które chcą zacząć w tym roku.",
         offered="Doradcy ROPS, wzory dokumentów, szkolenia dla kadry pomocy społecznej.",
         themes=["local-integration-policy", "cross-sector-cooperation"],
         groups=["local-government-staff", "social-services-staff"], sought=["local-government"], langs=["pl"],
         funding="fem-2021-2027"),
    dict(org="Urząd Miasta Krakowa – Wydział Polityki Społecznej", kind="offer",
         title="Konkurs na małe inicjatywy integracyjne w dzielnicach Krakowa — konsultacje pomysłów",
         description="W tym roku miasto ogłasza konkurs na małe inicjatywy integracyjne w dzielnicach: spotkania "
                     "sąsiedzkie, kluby rozmów, informację dla nowych mieszkańców. Zapraszamy organizacje "
                     "i grupy nieformalne na konsultacje pomysłów przed złożeniem oferty.",
         offered="Dotacje do 20 000 zł, konsultacje w punkcie informacyjnym dla cudzoziemców, promocja wydarzeń.",
         themes=["local-integration-policy"], groups=["newcomers", "host-society"],
         sought=["civil-society"], langs=["pl", "en", "uk"], funding="ngo-grant-competitions"),
    dict(org="Ośrodek Interwencji Kryzysowej w Tarnowie", kind="offer",
         title="Konsultacje kryzysowe po ukraińsku dla osób kierowanych przez organizacje z Tarnowa",
         description="Przyjmujemy całą dobę, a dwie osoby z naszego zespołu mówią po ukraińsku. Organizacje "
                     "z Tarnowa mogą kierować do nas osoby w kryzysie i umówić szkolenie wolontariuszy "
                     "z pierwszej pomocy psychologicznej.",
         offered="Interwencja kryzysowa, hostel dla osób doznających przemocy, szkolenie dla wolontariuszy.",
         themes=["mental-health", "vulnerable-persons"], groups=["trauma-affected", "women"],
         sought=["civil-society"], langs=["pl", "uk"], funding="local-government-budget"),
    # --- public government and services ----------------------------------------------------------
    dict(org="Małopolski Urząd Wojewódzki w Krakowie – Wydział Spraw Cudzoziemców", kind="request",
         title="Organizacje do pomocy w wypełnianiu wniosków pobytowych w urzędzie",
         description="Codziennie przychodzą do nas osoby, które nie umieją wypełnić wniosku o pobyt czasowy. "
                     "Szukamy organizacji, które poprowadzą z nami dyżury pomocy w wypełnianiu formularzy "
                     "w budynku przy ul. Przy Rondzie.",
         offered="Pomieszczenie w urzędzie, szkolenie wolontariuszy z procedur, aktualne wzory dokumentów.",
         themes=["legalisation", "area-1-information"], groups=["third-country-nationals"],
         sought=["civil-society"], langs=["pl", "en", "uk"], funding="national-voivode"),
    dict(org="Szpital Specjalistyczny im. Jędrzeja Śniadeckiego w Nowym Sączu", kind="request",
         title="Tłumacze dla pacjentek z Ukrainy na oddziale położniczym",
         description="Na naszym oddziale położniczym rodzi coraz więcej kobiet z Ukrainy. Szukamy organizacji "
                     "lub tłumaczy, z którymi zorganizujemy dyżur telefoniczny i przetłumaczymy najważniejsze "
                     "informacje dla pacjentek.",
         offered="Koordynator ds. pacjentów cudzoziemców, materiały do tłumaczenia, wynagrodzenie tłumaczy.",
         themes=["health", "translation-interpreting"], groups=["pregnant-women"],
         sought=["civil-society", "other"], langs=["pl"], funding="local-government-budget"),
    dict(org="Szkoła Podstawowa nr 11 w Tarnowie", kind="request",
         title="Popołudniowe zajęcia z polskiego dla uczniów z Ukrainy — szukamy wolontariuszy",
         description="Uczy się u nas 48 dzieci z Ukrainy. Szukamy organizacji lub uczelni, której wolontariusze "
                     "poprowadzą popołudniowe zajęcia z polskiego i pomoc w lekcjach dwa razy w tygodniu.",
         offered="Sale, nauczycielka-koordynatorka, materiały, kontakt z rodzicami.",
         themes=["polish-language", "school-support"], groups=["children-youth", "parents-of-pupils"],
         sought=["civil-society", "academia"], langs=["pl", "uk"], funding="local-government-budget"),
    dict(org="Centrum Integracji Cudzoziemców w Krakowie", kind="request",
         title="Partner organisations to host adaptation workshops",
         description="The centre runs adaptation workshops for newcomers from outside the EU: life in Poland, "
                     "the labour market, rights and duties. We are looking for organisations in Kraków, Kraków "
                     "County and Wieliczka County that can host workshops and refer participants.",
         offered="Trainers, workshop materials in four languages, individual integration plans for participants.",
         themes=["adaptation", "employment-activation"], groups=["third-country-nationals", "newcomers"],
         sought=["civil-society", "local-government"], langs=["en", "pl"], funding="fami-2021-2027"),
    dict(org="Społeczna Agencja Najmu w Krakowie", kind="offer",
         title="Mieszkania przejściowe dla rodzin w kryzysie — oferta współpracy",
         description="Mamy w Krakowie 12 mieszkań przejściowych dla rodzin migranckich, a potem pomagamy im "
                     "znaleźć najem na wolnym rynku. Zapraszamy ośrodki pomocy społecznej i organizacje do "
                     "kierowania rodzin i wspólnego wsparcia.",
         offered="Mieszkania, umowy z właścicielami, asystent najmu.",
         themes=["housing"], groups=["mothers-with-children", "ukrainian-war-refugees"],
         sought=["civil-society", "local-government"], langs=["pl", "uk"], funding="fem-2021-2027"),
    # --- business ------------------------------------------------------------------------------
    dict(org="Zakłady Mięsne „Podhale” sp. z o.o.", kind="request",
         title="Kurs polskiego w zakładzie w Nowym Targu — szukamy szkoły językowej lub organizacji",
         description="Zatrudniamy 120 osób z Ukrainy i Gruzji. Szukamy partnera, który poprowadzi w zakładzie "
                     "kurs polskiego po zmianie, w dwóch grupach: początkującej i średnio zaawansowanej.",
         offered="Sala w zakładzie, opłacenie kursu, premia dla pracowników, którzy go ukończą.",
         themes=["employing-foreigners", "polish-language"], groups=["migrant-workers"],
         sought=["business", "civil-society"], langs=["pl", "uk"], funding="private-business"),
    dict(org="Przedsiębiorstwo Budowlane „Wiślanka”", kind="request",
         title="Szkolenia BHP po ukraińsku dla pracowników budowy",
         description="Szukamy trenera lub organizacji, która przygotuje i poprowadzi szkolenia BHP po ukraińsku "
                     "i rosyjsku dla 30 pracowników na naszych budowach w Wieliczce i okolicach.",
         offered="Opłacenie szkoleń, sala, szkolenia w czasie pracy.",
         themes=["workers-rights", "employing-foreigners"], groups=["migrant-workers"],
         sought=["civil-society", "business"], langs=["pl", "uk", "ru"], funding="private-business"),
    dict(org="Krakowski Park Technologiczny", kind="offer",
         title="Start-up support for foreign founders",
         description="We help foreigners who start a company in Małopolska: an adviser for the formalities, "
                     "workshops, and introductions to investors in the Polish Investment Zone. We are looking "
                     "for organisations working with migrant entrepreneurs to run a joint programme.",
         offered="Advisers, office space for start-ups, contacts with investors.",
         themes=["entrepreneurship"], groups=["migrant-entrepreneurs", "foreign-graduates"],
         sought=["civil-society", "academia"], langs=["en", "pl"], funding="fem-2021-2027"),
    dict(org="Inkubator Przedsiębiorczości w Tarnowie", kind="offer",
         title="Biuro i doradztwo dla firm zakładanych przez osoby z Ukrainy",
         description="Nowe firmy mogą przez rok korzystać z biura w inkubatorze za symboliczną opłatą oraz "
                     "z doradztwa księgowego i prawnego. Szukamy organizacji, które skierują do nas osoby "
                     "z Ukrainy planujące działalność gospodarczą w Tarnowie.",
         offered="Biura, doradcy, szkolenia z zakładania firmy, także po ukraińsku.",
         themes=["entrepreneurship"], groups=["migrant-entrepreneurs"],
         sought=["civil-society"], langs=["pl", "uk"], funding="fem-2021-2027"),
    dict(org="Szkoła Językowa „Polszczyzna”", kind="offer",
         title="Oferujemy kursy języka polskiego dla pracowników z zagranicy",
         description="Jesteśmy szkołą językową z 15-letnim doświadczeniem. Prowadzimy kursy polskiego na "
                     "poziomach A1–B2 w miejscu pracy, także online. Dołączymy jako partner do projektu "
                     "z komponentem językowym.",
         offered="Lektorzy, materiały, egzaminy próbne, sale w centrum Krakowa.",
         themes=["polish-language", "languages-for-staff"], groups=["migrant-workers", "newcomers"],
         sought=["civil-society", "business"], langs=["pl", "en", "uk"], funding="private-business"),
    dict(org="Hotel „Tatry” w Zakopanem", kind="request",
         title="Szukamy organizacji do wsparcia adaptacji pracowników sezonowych z Azji",
         description="Na sezon zimowy zatrudniamy 25 osób z Indii i Nepalu. Szukamy organizacji, która "
                     "poprowadzi warsztaty adaptacyjne i pomoże pracownikom w sprawach urzędowych.",
         offered="Finansowanie z własnych środków, sala szkoleniowa w hotelu, zakwaterowanie.",
         themes=["employing-foreigners", "adaptation"], groups=["migrant-workers", "third-country-nationals"],
         sought=["civil-society"], langs=["pl", "en"], funding="private-business"),
    dict(org="Bocheńska Spółdzielnia Mieszkaniowa – Zarządca Nieruchomości", kind="offer",
         title="Mieszkania na wynajem w Bochni dla rodzin z Ukrainy — szukamy partnera do wsparcia rodzin",
         description="W naszych zasobach co roku zwalnia się kilkanaście mieszkań. Chętnie wynajmiemy część "
                     "z nich rodzinom z Ukrainy, jeśli gmina lub organizacja zapewni im wsparcie i pomoże "
                     "w kontaktach z sąsiadami.",
         offered="Mieszkania w Bochni, umowy najmu na czas określony, administrator do kontaktu.",
         themes=["housing"], groups=["landlords", "ukrainian-war-refugees"],
         sought=["local-government", "civil-society"], langs=["pl"], funding="private-business"),
    # --- academia ------------------------------------------------------------------------------
    dict(org="Uniwersytet Jagielloński – Ośrodek Badań nad Migracjami", kind="offer",
         title="Research partnership: how migrants use public services",
         description="We are planning a two-year study of how migrants in Małopolska use health, education and "
                     "social services. We invite local governments and NGOs to join as partners: each partner "
                     "gets the results for its area and recommendations.",
         offered="Researchers, methodology, a report and a workshop for each partner.",
         themes=["research-knowledge", "needs-feedback"], groups=["migrant-community-representatives"],
         sought=["local-government", "civil-society"], langs=["en", "pl"], funding="norway-eea-grants"),
    dict(org="Biuro Karier Akademii Górniczo-Hutniczej", kind="offer",
         title="Open day and mentoring for foreign graduates",
         description="Our career office offers mentoring and an open day with employers for international "
                     "students and graduates. We would like to join a partnership that brings employers and "
                     "NGOs together.",
         offered="Mentors, rooms, contacts with employers of our alumni.",
         themes=["employment-activation"], groups=["foreign-graduates"],
         sought=["business", "civil-society"], langs=["en", "pl"], funding="fers-2021-2027"),
    # --- international -------------------------------------------------------------------------
    dict(org="UNHCR – Biuro Terenowe w Krakowie", kind="offer",
         title="Training and small grants for community-based protection",
         description="We support organisations and local governments in Małopolska that help refugees with "
                     "specific needs: people with disabilities, older people, survivors of violence. We offer "
                     "training in protection and small grants for community projects.",
         offered="Protection training, small grants, guidance on referrals.",
         themes=["vulnerable-persons", "area-4-support"], groups=["protection-beneficiaries", "ukrainian-war-refugees"],
         sought=["civil-society", "local-government"], langs=["en", "uk", "pl"], funding="international-organisations"),
    dict(org="Międzynarodowa Organizacja ds. Migracji – biuro w Krakowie", kind="request",
         title="Kampania o bezpiecznej migracji zarobkowej — szukamy organizacji i urzędów pracy",
         description="Przygotowujemy kampanię o uczciwych agencjach pracy i o tym, jak rozpoznać oszustwo przy "
                     "rekrutacji. Szukamy organizacji i urzędów pracy, które rozpowszechnią materiały "
                     "i zorganizują spotkania z pracownikami z zagranicy.",
         offered="Materiały w czterech językach, szkolenia dla konsultantów, finansowanie spotkań.",
         themes=["multilingual-information", "vulnerable-persons"], groups=["third-country-nationals", "trafficking-victims"],
         sought=["civil-society", "local-government"], langs=["pl", "en", "uk", "ru"],
         funding="international-organisations"),
    dict(org="Konsulat Generalny Ukrainy w Krakowie", kind="request",
         title="Шукаємо приміщення для виїзних консульських прийомів у Тарнові та Новому Сончі",
         description="Двічі на рік консульство проводить виїзні прийоми для громадян України, які живуть далеко "
                     "від Кракова. Шукаємо організації або установи в Тарнові та Новому Сончі, які нададуть зал "
                     "і допоможуть із записом на прийом.",
         offered="Консульські працівники, мобільна станція для оформлення документів, інформація українською.",
         themes=["legalisation"], groups=["ukrainian-war-refugees", "economic-migrants"],
         sought=["civil-society", "local-government"], langs=["uk", "pl"], funding=None),
    # --- other ---------------------------------------------------------------------------------
    dict(org="Olena Kowalczuk – tłumaczka i mediatorka międzykulturowa", kind="offer",
         title="Mediacje międzykulturowe w szkołach — dołączę do projektu jako ekspertka",
         description="Jestem tłumaczką przysięgłą języka ukraińskiego i mediatorką. Pomagam szkołom i urzędom "
                     "w Tarnowie, Dąbrowie Tarnowskiej i Brzesku w rozmowach z rodzicami z Ukrainy. Chętnie "
                     "dołączę do projektu jako ekspertka.",
         offered="Tłumaczenia przysięgłe, mediacje w szkołach, szkolenia dla nauczycieli.",
         themes=["intercultural-assistants-mediators", "translation-interpreting"], groups=["parents-of-pupils"],
         sought=["public-services", "local-government"], langs=["pl", "uk", "ru"], funding="local-government-budget"),
    dict(org="Portal „Nasz Tarnów UA”", kind="offer",
         title="Публікуємо оголошення ваших установ українською",
         description="Наш портал щомісяця читають понад 8 тисяч українців із Тарнова та околиць. Безкоштовно "
                     "перекладемо й опублікуємо важливі оголошення міських установ, шкіл і організацій.",
         offered="Переклад, публікація на порталі та в соцмережах, розсилка.",
         themes=["multilingual-information"], groups=["ukrainian-war-refugees"],
         sought=["local-government", "public-services", "civil-society"], langs=["uk", "pl"], funding="small-grants"),
]
