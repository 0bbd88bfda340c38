"""Demo phrase banks: international framework, equality, civil and political rights.

Each topic is one theme as a mechanism would treat it. content.build_documents() combines
its phrases into recommendations; see content.py for the keys a topic may carry.
"""

TOPICS = {
    "ratification": {
        "heading": "Acceptance of international norms",
        "themes": ["Acceptance of international norms"],
        "sdg": ["16.a", "16.10"],
        "prefixes": False,
        "details": [
            "as recommended during its previous review",
            "and bring its national legislation into line with it",
        ],
        "states": [
            "Uruguay",
            "Chile",
            "Portugal",
            "Sierra Leone",
            "Ghana",
            "Argentina",
            "France",
            "Paraguay",
            "Togo",
            "Ukraine",
            "Montenegro",
            "Costa Rica",
        ],
        "actions": [
            {
                "text": "Ratify the International Convention for the Protection of All Persons "
                "from Enforced Disappearance, which it signed in 2009",
                "sdg": ["16.3", "16.10"],
                "contested": True,
            },
            {
                "text": "Ratify the Optional Protocol to the International Covenant on Economic, "
                "Social and Cultural Rights",
                "sdg": ["16.3", "1.3"],
                "contested": True,
            },
            {
                "text": "Ratify the Optional Protocol to the Convention on the Rights of the Child "
                "on a communications procedure",
                "groups": ["Children"],
                "sdg": ["16.3", "16.2"],
            },
            {
                "text": "Ratify the Optional Protocol to the Convention on the Rights of Persons "
                "with Disabilities",
                "groups": ["Persons with disabilities"],
                "sdg": ["10.2", "16.3"],
            },
            {
                "text": "Accede to the 1954 Convention relating to the Status of Stateless "
                "Persons and the 1961 Convention on the Reduction of Statelessness",
                "groups": ["Stateless persons"],
                "sdg": ["16.9"],
            },
            {
                "text": "Ratify the Council of Europe Convention on preventing and combating "
                "violence against women and domestic violence (Istanbul Convention)",
                "themes": ["Violence against women"],
                "groups": ["Women and girls"],
                "sdg": ["5.2", "16.1"],
            },
            {
                "text": "Complete the ratification of the Istanbul Convention, which it signed in "
                "2016",
                "themes": ["Violence against women"],
                "groups": ["Women and girls"],
                "sdg": ["5.2"],
                "plain": True,
            },
            {
                "text": "Ratify the ILO Domestic Workers Convention, 2011 (No. 189)",
                "themes": ["Right to work"],
                "groups": ["Women and girls", "Migrants"],
                "sdg": ["8.8", "8.5"],
            },
            {
                "text": "Ratify the ILO Violence and Harassment Convention, 2019 (No. 190)",
                "themes": ["Right to work", "Discrimination against women"],
                "groups": ["Women and girls"],
                "sdg": ["8.8", "5.2"],
                "since": 2020,
            },
            {
                "text": "Ratify the Second Optional Protocol to the International Covenant on "
                "Civil and Political Rights, aiming at the abolition of the death penalty",
                "themes": ["Right to life"],
                "sdg": ["16.1", "16.a"],
            },
        ],
        "contested": [
            {
                "text": "Ratify the International Convention on the Protection of the Rights of "
                "All Migrant Workers and Members of Their Families",
                "themes": ["Migrants"],
                "groups": ["Migrants"],
                "sdg": ["10.7", "8.8"],
            },
            {
                "text": "Consider ratifying the International Convention on the Protection of "
                "the Rights of All Migrant Workers and Members of Their Families",
                "themes": ["Migrants"],
                "groups": ["Migrants"],
                "sdg": ["10.7", "8.8"],
                "plain": True,
            },
            {
                "text": "Ratify the ILO Indigenous and Tribal Peoples Convention, 1989 (No. 169)",
                "themes": ["Indigenous peoples"],
                "groups": ["Indigenous peoples"],
                "sdg": ["10.2", "2.3"],
            },
            {
                "text": "Make the declaration under article 14 of the International Convention on "
                "the Elimination of All Forms of Racial Discrimination recognizing the "
                "competence of the Committee to receive individual communications",
                "themes": ["Racial discrimination"],
                "groups": ["Roma and other minorities"],
                "sdg": ["10.2", "16.3"],
                "plain": True,
            },
        ],
    },
    "cooperation": {
        "heading": "Cooperation with human rights mechanisms",
        "themes": ["Cooperation with treaty bodies"],
        "sdg": ["16.6", "17.18", "16.a"],
        "details": [
            "with the technical assistance of the Office of the United Nations High "
            "Commissioner for Human Rights",
            "and publish regular reports on the implementation of recommendations",
        ],
        "states": ["Paraguay", "Portugal", "Morocco", "Ecuador", "Samoa", "Brazil"],
        "actions": [
            {
                "text": "Establish a standing national mechanism for implementation, reporting "
                "and follow-up, with adequate staff and a clear mandate",
                "until": 2019,
            },
            {
                "text": "Strengthen the Interministerial Commission on Human Rights, established "
                "in 2019, as a standing national mechanism for implementation, reporting and "
                "follow-up",
                "since": 2019,
            },
            "Submit its overdue reports to the treaty bodies, in particular its initial report "
            "to the Committee on the Rights of Persons with Disabilities",
            {
                "text": "Extend a standing invitation to all special procedures mandate holders",
                "themes": ["Acceptance of international norms"],
                "until": 2019,
                "plain": True,
                "contested": True,
            },
            {
                "text": "Respond positively to the pending visit requests of special procedures "
                "mandate holders, including the Special Rapporteur on the rights of Indigenous "
                "Peoples",
                "since": 2019,
                "plain": True,
            },
            {
                "text": "Develop a publicly accessible national database to track the "
                "implementation of the recommendations of all human rights mechanisms",
                "sdg": ["17.18", "16.10"],
            },
            "Involve civil society organizations and the Ombudsperson systematically in the "
            "preparation of national reports and in the follow-up to recommendations",
        ],
    },
    "nhri": {
        "heading": "National human rights institution",
        "themes": ["National Human Rights Institution (NHRI)"],
        "sdg": ["16.a", "16.3", "16.6"],
        "details": ["in line with the Paris Principles", "in consultation with civil society"],
        "states": ["Mongolia", "Australia", "Ireland", "Indonesia", "Ukraine", "Kenya"],
        "actions": [
            {
                "text": "Amend the Law on the Ombudsperson of 2005 to bring the institution into "
                "full compliance with the principles relating to the status of national "
                "institutions (the Paris Principles)",
                "plain": True,
            },
            "Take the necessary steps for the Ombudsperson to obtain A status accreditation "
            "from the Global Alliance of National Human Rights Institutions",
            "Provide the Office of the Ombudsperson with sufficient financial, human and "
            "technical resources to discharge its mandate effectively",
            "Ensure a transparent, participatory and merit-based selection process for the "
            "Ombudsperson and the deputy ombudspersons",
            "Guarantee the financial autonomy of the Office of the Ombudsperson by providing "
            "it with a separate budget line approved by Parliament",
            {
                "text": "Open regional offices of the Ombudsperson, in particular in the Northern "
                "Highlands province, to improve access for persons living in remote areas",
                "groups": ["Persons living in poverty"],
            },
            {
                "text": "Ensure that the recommendations of the Ombudsperson are systematically "
                "followed up by the authorities concerned and that Parliament debates its annual "
                "report",
                "plain": True,
            },
        ],
    },
    "non_discrimination": {
        "heading": "Equality and non-discrimination",
        "themes": ["Equality & non-discrimination"],
        "sdg": ["10.3", "16.b", "10.2"],
        "details": [
            "in consultation with civil society organizations and the groups concerned",
            "and conduct awareness-raising campaigns on the new provisions",
        ],
        "actions": [
            "Adopt a comprehensive anti-discrimination law that prohibits direct, indirect and "
            "multiple discrimination on all grounds, including disability, age, ethnic origin, "
            "sexual orientation and gender identity",
            "Amend article 21 of the Constitution to include an open-ended list of prohibited "
            "grounds of discrimination",
            "Establish an independent equality body with the power to receive and examine "
            "individual complaints of discrimination and to impose sanctions",
            {
                "text": "Ensure that victims of discrimination have access to effective remedies, "
                "including compensation, and that the burden of proof is shared in civil "
                "proceedings",
                "themes": ["Right to an effective remedy"],
                "sdg": ["16.3", "10.3"],
            },
            {
                "text": "Collect data disaggregated by sex, age, disability, ethnic origin and "
                "place of residence to identify and address patterns of discrimination",
                "sdg": ["17.18", "10.3"],
                "plain": True,
            },
            {
                "text": "Recognize the denial of reasonable accommodation as a form of "
                "discrimination on the basis of disability",
                "themes": ["Persons with disabilities: definition, general principles"],
                "groups": ["Persons with disabilities"],
            },
            "Adopt a national action plan against discrimination with measurable targets and a "
            "dedicated budget",
        ],
        "contested": [
            {
                "text": "Explicitly include sexual orientation and gender identity among the "
                "prohibited grounds of discrimination listed in article 21 of the Constitution",
                "themes": ["Lesbian, gay, bisexual, transgender and intersex persons (LGBTI)"],
                "groups": ["LGBTI persons"],
            },
        ],
    },
    "hate_speech": {
        "heading": "Racial discrimination, hate speech and hate crimes",
        "themes": ["Racial discrimination", "Members of minorities"],
        "groups": ["Roma and other minorities"],
        "sdg": ["10.2", "16.b", "16.1"],
        "details": [
            "in close consultation with the communities concerned",
            "and allocate adequate resources to that end",
        ],
        "actions": [
            "Amend the Valdorian Penal Code of 2009 to make racist motivation an aggravating "
            "circumstance for all offences",
            "Ensure that hate crimes are effectively investigated, that perpetrators are "
            "prosecuted and punished and that statistics on such crimes are published annually",
            {
                "text": "Publicly and unequivocally condemn hate speech by politicians and public "
                "officials against Roma, Kessari-speaking persons, migrants and other minorities",
                "groups": ["Roma and other minorities", "Migrants"],
                "plain": True,
            },
            "Train police officers, prosecutors and judges to identify, record and investigate "
            "hate crimes, including those committed online",
            "Adopt a strategy to combat hate speech online, in cooperation with Internet "
            "service providers and with full respect for freedom of expression",
            "Put an end to ethnic profiling by the State Police, in particular identity checks "
            "targeting Roma",
            "Establish a specialized hate crimes unit within the State Prosecutor's Office",
        ],
    },
    "minorities": {
        "heading": "Roma and other minorities",
        "themes": ["Members of minorities"],
        "groups": ["Roma and other minorities"],
        "sdg": ["10.2", "16.7", "10.3"],
        "details": [
            "in close cooperation with Roma organizations",
            "with particular attention to Roma women and girls",
        ],
        "actions": [
            {
                "text": "Adopt a new national strategy for Roma inclusion with measurable "
                "indicators, developed with the meaningful participation of Roma communities",
                "until": 2021,
            },
            {
                "text": "Effectively implement the National Strategy for Roma Inclusion "
                "2022-2030 and allocate a dedicated budget for its implementation by "
                "municipalities",
                "since": 2022,
            },
            {
                "text": "Guarantee the right of Kessari-speaking persons to use their language "
                "with local authorities in municipalities where they form a significant part of "
                "the population",
                "plain": True,
                "contested": True,
            },
            {
                "text": "Increase the recruitment of Roma teaching assistants and health mediators",
                "sdg": ["4.5", "3.8"],
            },
            "Ensure the representation of minorities in the public administration, the police "
            "and the judiciary",
            {
                "text": "Provide Kessari-language education at primary and secondary level in "
                "the Eastern Plains province",
                "themes": ["Right to education - General"],
                "sdg": ["4.5", "4.1"],
                "plain": True,
            },
        ],
    },
    "lgbti": {
        "heading": "Discrimination on the basis of sexual orientation and gender identity",
        "themes": [
            "Lesbian, gay, bisexual, transgender and intersex persons (LGBTI)",
            "Equality & non-discrimination",
        ],
        "groups": ["LGBTI persons"],
        "sdg": ["10.3", "16.b", "10.2"],
        "details": [
            "and conduct public awareness campaigns to combat stigma and prejudice",
            "in consultation with organizations representing lesbian, gay, bisexual, "
            "transgender and intersex persons",
        ],
        "states": [
            "Iceland",
            "Netherlands (Kingdom of the)",
            "Canada",
            "Malta",
            "Sweden",
            "Luxembourg",
            "Argentina",
            "Australia",
            "Spain",
            "Chile",
            "New Zealand",
        ],
        "actions": [
            "Ensure that hate crimes against lesbian, gay, bisexual, transgender and intersex "
            "persons are promptly investigated and that perpetrators are brought to justice",
            "Amend the Valdorian Penal Code of 2009 to make sexual orientation and gender "
            "identity aggravating circumstances for all offences",
            {
                "text": "Guarantee the right to freedom of peaceful assembly of lesbian, gay, "
                "bisexual, transgender and intersex persons, including by protecting the annual "
                "Pride march in Castrelle",
                "themes": ["Right to peaceful assembly"],
            },
            {
                "text": "Prohibit medically unnecessary surgery and treatment on intersex "
                "children without their free, prior and informed consent",
                "groups": ["LGBTI persons", "Children"],
                "sdg": ["3.8", "10.3"],
            },
            "Prohibit so-called conversion practices",
        ],
        "contested": [
            "Establish a quick, transparent and accessible procedure for legal gender "
            "recognition based on self-identification",
            "Provide legal recognition to same-sex couples, including through registered "
            "partnerships",
            {
                "text": "Remove the requirements of sterilization and psychiatric diagnosis for "
                "legal gender recognition",
                "since": 2020,
            },
        ],
    },
    "environment": {
        "heading": "Climate change and the environment",
        "themes": ["Human rights & the environment"],
        "sdg": ["13.1", "13.2", "11.5", "1.5"],
        "states": ["Fiji", "Maldives", "Costa Rica", "Vanuatu", "Slovenia", "Bahamas"],
        "actions": [
            "Integrate a human rights-based approach into its national climate adaptation "
            "plan, with particular attention to communities in the Northern Highlands province",
            {
                "text": "Ensure that persons with disabilities, older persons and rural "
                "communities are included in disaster risk reduction and emergency response "
                "plans",
                "groups": ["Persons with disabilities", "Older persons"],
            },
            {
                "text": "Strengthen the enforcement of environmental standards around the copper "
                "mines of the Northern Highlands and ensure access to remedies for affected "
                "communities",
                "groups": ["Indigenous peoples"],
                "sdg": ["15.1", "3.9", "16.3"],
            },
            "Recognize the right to a clean, healthy and sustainable environment in national "
            "legislation",
            {
                "text": "Guarantee access to information and public participation in "
                "environmental decision-making, including for environmental human rights "
                "defenders",
                "groups": ["Human rights defenders"],
                "sdg": ["16.10", "16.7"],
            },
        ],
    },
    "police_force": {
        "heading": "Excessive use of force by law enforcement officials",
        "themes": [
            "Right to life",
            "Prohibition of torture and cruel, inhuman or degrading treatment",
        ],
        "sdg": ["16.1", "16.3", "16.6"],
        "details": ["and make public the outcome of such investigations"],
        "actions": [
            {
                "text": "Establish a fully independent mechanism, separate from the Ministry of "
                "the Interior, to investigate all allegations of excessive use of force and "
                "ill-treatment by police officers",
                "contested": True,
            },
            {
                "text": "Ensure that all deaths in police custody are promptly, impartially and "
                "effectively investigated and that the families of victims receive full "
                "reparation",
                "groups": ["Persons deprived of liberty"],
                "plain": True,
            },
            {
                "text": "Bring the regulations on the use of force and firearms by the State "
                "Police into line with the Basic Principles on the Use of Force and Firearms by "
                "Law Enforcement Officials",
                "plain": True,
            },
            {
                "text": "Investigate the use of force by the Special Intervention Unit of the "
                "State Police during the demonstrations of March 2019 in Castrelle and hold "
                "those responsible to account",
                "themes": ["Right to peaceful assembly"],
                "since": 2019,
            },
            {
                "text": "Equip police officers with body-worn cameras and ensure that recordings "
                "are preserved and made available to investigators",
                "plain": True,
            },
            {
                "text": "Provide systematic training to law enforcement officials on the use of "
                "less-lethal weapons and on de-escalation techniques",
                "plain": True,
            },
        ],
    },
    "torture": {
        "heading": "Definition and criminalization of torture",
        "themes": ["Prohibition of torture and cruel, inhuman or degrading treatment"],
        "groups": ["Persons deprived of liberty"],
        "sdg": ["16.3", "16.1", "16.a"],
        "actions": [
            "Amend article 121 of the Valdorian Penal Code of 2009 to bring the definition of "
            "torture into line with article 1 of the Convention against Torture",
            "Ensure that torture is punishable by appropriate penalties that take into account "
            "its grave nature and that it is not subject to any statute of limitations",
            "Ensure that all allegations of torture and ill-treatment are investigated "
            "promptly and impartially and that suspected perpetrators are suspended from duty "
            "during the investigation",
            "Ensure that confessions obtained through torture or ill-treatment are "
            "inadmissible in practice and that judges order a medical examination whenever such "
            "allegations are made",
            {
                "text": "Provide victims of torture with full redress, including fair and "
                "adequate compensation and the means for as full a rehabilitation as possible",
                "themes": ["Right to an effective remedy"],
            },
            "Ensure that amnesties and pardons are not granted to persons convicted of torture",
        ],
    },
    "safeguards": {
        "heading": "Fundamental legal safeguards",
        "themes": [
            "Prohibition of torture and cruel, inhuman or degrading treatment",
            "Administration of justice & fair trial",
        ],
        "groups": ["Persons deprived of liberty"],
        "sdg": ["16.3", "16.a"],
        "actions": [
            "Ensure that all persons deprived of their liberty are afforded, in law and in "
            "practice, all fundamental legal safeguards from the very outset of their "
            "deprivation of liberty",
            "Guarantee the right of detained persons to have access to a lawyer of their "
            "choice from the moment of apprehension, including during the first police "
            "questioning",
            "Ensure that detained persons are examined by an independent doctor within 24 "
            "hours of their arrival in police custody and that medical reports are transmitted "
            "to prosecutors",
            "Maintain a central electronic register of persons held in police custody that "
            "records the time of apprehension, transfers and release",
            "Ensure that the free legal aid system established by the Law on Free Legal Aid of "
            "2016 is adequately funded and that lawyers appointed ex officio are independent and "
            "competent",
            "Make audio and video recordings of all police interviews and keep the recordings "
            "for an adequate period",
        ],
    },
    "detention": {
        "heading": "Conditions of detention",
        "themes": ["Conditions of detention"],
        "groups": ["Persons deprived of liberty"],
        "sdg": ["16.3", "16.6"],
        "details": ["and allocate the necessary resources to that end"],
        "actions": [
            "Reduce overcrowding in prisons, in particular in Drevno Central Prison, by making "
            "greater use of alternatives to imprisonment such as probation and electronic "
            "monitoring",
            "Improve material conditions in the Castrelle Pre-Trial Detention Centre, including "
            "access to natural light, ventilation and daily outdoor exercise",
            {
                "text": "Ensure that pretrial detention is used only as an exceptional measure "
                "of last resort and for the shortest possible period",
                "themes": ["Administration of justice & fair trial"],
                "plain": True,
            },
            {
                "text": "Transfer responsibility for prison health care to the Ministry of "
                "Health and ensure adequate access to mental health care and drug treatment for "
                "detainees",
                "themes": ["Right to health - General"],
                "sdg": ["3.8", "3.5"],
            },
            {
                "text": "Ensure that prisoners with disabilities receive reasonable "
                "accommodation in all places of detention",
                "groups": ["Persons deprived of liberty", "Persons with disabilities"],
            },
            {
                "text": "Bring conditions of detention into line with the United Nations "
                "Standard Minimum Rules for the Treatment of Prisoners (the Nelson Mandela Rules)",
                "plain": True,
            },
            "Investigate all deaths in custody and all inter-prisoner violence, and increase "
            "prison staffing to prevent such incidents",
        ],
    },
    "npm": {
        "heading": "Monitoring of places of deprivation of liberty",
        "themes": [
            "Prohibition of torture and cruel, inhuman or degrading treatment",
            "National Human Rights Institution (NHRI)",
        ],
        "groups": ["Persons deprived of liberty"],
        "sdg": ["16.a", "16.6"],
        "actions": [
            "Provide the national preventive mechanism within the Office of the Ombudsperson "
            "with separate staff and budget and ensure that it can make unannounced visits to "
            "all places of deprivation of liberty, including psychiatric hospitals and social "
            "care homes",
            "Ensure that the recommendations of the national preventive mechanism are "
            "implemented and that the authorities respond to them in writing within a set "
            "deadline",
            "Allow independent non-governmental organizations to monitor all places of "
            "deprivation of liberty, including police stations and the Velm reception centre "
            "for migrants",
            "Ensure that the national preventive mechanism includes medical doctors and "
            "psychologists among its members",
        ],
    },
    "asylum_detention": {
        "heading": "Non-refoulement and immigration detention",
        "themes": [
            "Refugees & asylum seekers",
            "Prohibition of torture and cruel, inhuman or degrading treatment",
        ],
        "groups": ["Refugees and asylum-seekers", "Migrants"],
        "sdg": ["10.7", "16.3"],
        "actions": [
            "Ensure that no person is expelled, returned or extradited to a State where there "
            "are substantial grounds for believing that he or she would be in danger of being "
            "subjected to torture",
            "Put an end to collective expulsions and pushbacks at the southern border and "
            "ensure access to asylum procedures for all persons in need of international "
            "protection",
            "Ensure that immigration detention is used only as a last resort and for the "
            "shortest possible period, and that alternatives to detention are available in "
            "practice",
            "Establish an effective procedure to identify victims of torture among asylum "
            "seekers at the Velm reception centre and refer them for rehabilitation",
        ],
    },
    "trafficking": {
        "heading": "Trafficking in persons",
        "themes": ["Prohibition of slavery, trafficking"],
        "groups": ["Victims of trafficking", "Women and girls"],
        "sdg": ["5.2", "8.7", "16.2"],
        "details": [
            "with particular attention to women and girls",
            "in line with the Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
            "Especially Women and Children",
        ],
        "states": ["Belarus", "Philippines", "Thailand", "United States of America", "Nigeria"],
        "actions": [
            {
                "text": "Strengthen the identification of victims of trafficking, in particular "
                "among migrant workers, asylum seekers and children in street situations",
                "groups": ["Victims of trafficking", "Migrants", "Children"],
            },
            "Ensure that victims of trafficking are not prosecuted for offences they were "
            "compelled to commit as a result of having been trafficked",
            "Provide victims of trafficking with adequate shelter, medical and psychological "
            "assistance and compensation, irrespective of their willingness to cooperate with "
            "law enforcement",
            "Ensure that trafficking cases are vigorously investigated and prosecuted and that "
            "convicted traffickers receive sentences commensurate with the gravity of the crime",
            "Adopt a new national action plan against trafficking in persons and allocate "
            "sufficient resources for its implementation",
            {
                "text": "Strengthen labour inspections in agriculture, construction and domestic "
                "work to detect forced labour and trafficking for labour exploitation",
                "groups": ["Victims of trafficking", "Migrants"],
                "sdg": ["8.7", "8.8"],
            },
            {
                "text": "Enhance cooperation with countries of origin, transit and destination "
                "to prevent and combat trafficking in persons",
                "sdg": ["16.2", "17.17"],
                "plain": True,
            },
        ],
    },
    "justice": {
        "heading": "Independence of the judiciary and right to a fair trial",
        "themes": ["Administration of justice & fair trial"],
        "sdg": ["16.3", "16.6"],
        "details": ["and allocate adequate resources to the judiciary to that end"],
        "actions": [
            {
                "text": "Guarantee the independence of the judiciary by reforming the High "
                "Judicial Council so that at least half of its members are judges elected by "
                "their peers",
                "plain": True,
                "contested": True,
            },
            "Establish transparent and objective criteria for the appointment, promotion and "
            "dismissal of judges and prosecutors",
            "Reduce the backlog of cases in the courts, in particular in Castrelle, and "
            "guarantee the right to be tried without undue delay",
            {
                "text": "Ensure access to free legal aid for all persons without sufficient "
                "means in criminal, civil and administrative proceedings",
                "groups": ["Persons living in poverty"],
            },
            {
                "text": "Strengthen the fight against corruption in the judiciary, including by "
                "guaranteeing the independence and adequate resourcing of the Anti-Corruption "
                "Agency",
                "sdg": ["16.5", "16.6"],
                "plain": True,
            },
            "Ensure that court decisions, including those of the Constitutional Court, are "
            "implemented promptly by the executive",
            {
                "text": "Guarantee the right to free interpretation in all criminal proceedings "
                "for persons who do not speak Valdorian, including Kessari speakers",
                "groups": ["Roma and other minorities", "Migrants"],
            },
        ],
    },
    "expression": {
        "heading": "Freedom of expression and safety of journalists",
        "themes": ["Freedom of opinion and expression"],
        "groups": ["Journalists and media workers"],
        "sdg": ["16.10", "16.3"],
        "details": [
            "in line with article 19 of the International Covenant on Civil and Political Rights"
        ],
        "states": ["Lithuania", "Czechia", "Estonia", "Switzerland", "Austria", "Germany"],
        "actions": [
            "Ensure that all attacks and threats against journalists and media workers are "
            "promptly investigated and that perpetrators are brought to justice",
            {
                "text": "Guarantee the independence of the Valdorian Broadcasting Corporation "
                "and of the Council for Electronic Media",
                "plain": True,
            },
            "Ensure the transparency of media ownership and prevent undue concentration of "
            "media ownership",
            {
                "text": "Adopt legislation to protect journalists and human rights defenders "
                "against strategic lawsuits against public participation",
                "groups": ["Journalists and media workers", "Human rights defenders"],
                "since": 2020,
            },
            "Establish a national protection mechanism for journalists, in consultation with "
            "journalists' associations",
        ],
        "contested": [
            "Refrain from blocking websites and from ordering Internet shutdowns, including "
            "during elections",
            "Decriminalize defamation by repealing articles 137 and 138 of the Valdorian Penal "
            "Code of 2009 and ensure that civil damages are proportionate",
            "Revise the Media and Broadcasting Law of 2017 to remove the vague provisions on "
            "'false information' that are used to restrict legitimate journalistic work",
        ],
    },
    "association": {
        "heading": "Freedom of association and peaceful assembly",
        "themes": ["Freedom of association", "Right to peaceful assembly"],
        "groups": ["Human rights defenders"],
        "sdg": ["16.10", "16.7"],
        "states": [
            "Norway",
            "Ireland",
            "Czechia",
            "Belgium",
            "United Kingdom of Great Britain and Northern Ireland",
            "Denmark",
        ],
        "actions": [
            {
                "text": "Ensure that the draft law on non-governmental organizations does not "
                "impose undue restrictions on their registration and funding",
                "until": 2020,
            },
            "Ensure that human rights defenders, including environmental and women human "
            "rights defenders, can carry out their work in a safe and enabling environment, "
            "free from harassment and intimidation",
            {
                "text": "Amend the Law on Public Assemblies of 2019 to replace the authorization "
                "regime with a system of prior notification",
                "since": 2019,
            },
            "Investigate all threats and attacks against human rights defenders and bring "
            "those responsible to justice",
            "Adopt a law on the protection of human rights defenders, in consultation with "
            "civil society",
            {
                "text": "Ensure that the policing of assemblies complies with international "
                "standards and that journalists and observers can report on demonstrations",
                "groups": ["Human rights defenders", "Journalists and media workers"],
            },
        ],
        "contested": [
            {
                "text": "Repeal the provisions of the Law on Non-Governmental Organizations of "
                "2021 that require organizations receiving foreign funding to register as "
                "'organizations pursuing foreign interests'",
                "since": 2021,
            },
            {
                "text": "Withdraw the draft law on non-governmental organizations, which would "
                "restrict foreign funding of civil society",
                "until": 2020,
                "plain": True,
            },
        ],
    },
}
