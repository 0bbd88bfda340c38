"""Demo phrase banks: economic, social and cultural rights, including the Special Rapporteur on
adequate housing's country visit (see content.py for the keys a topic may carry)."""

TOPICS = {
    "housing": {
        "heading": "Right to adequate housing",
        "themes": ["Right to adequate housing"],
        "groups": ["Persons living in poverty"],
        "sdg": ["11.1", "1.4"],
        "details": ["in consultation with the communities concerned"],
        "actions": [
            {
                "text": "Adopt a national housing strategy that gives priority to social "
                "housing for low-income households, persons with disabilities and Roma families",
                "groups": [
                    "Persons living in poverty",
                    "Persons with disabilities",
                    "Roma and other minorities",
                ],
            },
            "Put an end to forced evictions and ensure that evictions are carried out only as a "
            "last resort, with adequate notice and offers of alternative housing",
            {
                "text": "Provide adequate housing to the families still living in temporary "
                "container settlements since the 2020 Northern Highlands earthquake",
                "groups": ["Internally displaced persons"],
                "sdg": ["11.1", "11.5", "1.5"],
                "since": 2021,
            },
            {
                "text": "Regularize informal Roma settlements and ensure their access to "
                "drinking water, sanitation and electricity",
                "groups": ["Roma and other minorities", "Persons living in poverty"],
                "sdg": ["11.1", "6.1", "6.2"],
            },
            "Increase investment in social housing and provide housing allowances to families "
            "at risk of homelessness",
            "Collect data on homelessness and adopt a strategy to end homelessness by 2030",
        ],
    },
    "housing_framework": {
        "heading": "Legal and policy framework",
        "themes": ["Right to adequate housing"],
        "groups": ["Persons living in poverty"],
        "sdg": ["11.1", "1.4"],
        "actions": [
            {
                "text": "Recognize the right to adequate housing as an enforceable right in the "
                "Constitution and in national legislation",
                "themes": ["Right to adequate housing", "Right to an effective remedy"],
                "sdg": ["11.1", "16.3"],
            },
            "Adopt a rights-based national housing strategy with clear targets, timelines and a "
            "dedicated budget, developed with the participation of affected communities",
            "Designate a single government authority responsible for housing policy and for "
            "coordination between the central Government and municipalities",
            {
                "text": "Collect and publish housing data disaggregated by income, sex, age, "
                "disability, ethnic origin and place of residence",
                "sdg": ["17.18", "11.1"],
            },
        ],
    },
    "evictions": {
        "heading": "Forced evictions",
        "themes": ["Right to adequate housing"],
        "groups": ["Persons living in poverty", "Roma and other minorities"],
        "sdg": ["11.1", "1.4", "16.3"],
        "actions": [
            "Adopt a moratorium on forced evictions until legal safeguards consistent with "
            "international human rights standards are in place",
            "Amend the Urban Planning and Construction Act of 2018 to require genuine "
            "consultation, adequate notice, legal remedies and adequate alternative housing "
            "before any eviction",
            {
                "text": "Suspend the evictions linked to the Port Savelle waterfront "
                "redevelopment project and provide adequate compensation to the households "
                "already evicted",
                "groups": ["Persons living in poverty"],
            },
            {
                "text": "Ensure that no eviction results in homelessness, in particular for "
                "families with children, older persons and persons with disabilities",
                "groups": ["Children", "Older persons", "Persons with disabilities"],
            },
        ],
    },
    "informal": {
        "heading": "Informal settlements",
        "themes": ["Right to adequate housing", "Members of minorities"],
        "groups": ["Roma and other minorities", "Persons living in poverty"],
        "sdg": ["11.1", "6.2", "1.4"],
        "actions": [
            "Legalize the informal settlements of Bregovo and Tessin on the outskirts of "
            "Castrelle and upgrade them in consultation with their residents",
            {
                "text": "Connect all informal settlements to safe drinking water, sanitation "
                "and electricity without delay, irrespective of the residents' tenure status",
                "sdg": ["6.1", "6.2", "11.1"],
            },
            "Grant security of tenure to the residents of informal settlements, including "
            "through a simplified procedure to legalize homes built before 2015",
            {
                "text": "Ensure that Roma families living in informal settlements can register "
                "their residence and gain access to health care, education and social assistance",
                "themes": ["Members of minorities", "Human rights & poverty"],
                "sdg": ["1.3", "1.4"],
            },
        ],
    },
    "reconstruction": {
        "heading": "Reconstruction after the 2020 Northern Highlands earthquake",
        "themes": ["Right to adequate housing", "Human rights & the environment"],
        "groups": ["Internally displaced persons"],
        "sdg": ["11.5", "1.5", "11.1"],
        "actions": [
            "Complete the reconstruction of the homes destroyed by the 2020 Northern Highlands "
            "earthquake and close the temporary container settlements by the end of 2024",
            {
                "text": "Make reconstruction assistance available to households without formal "
                "title deeds, including tenants and residents of informal housing",
                "groups": ["Internally displaced persons", "Persons living in poverty"],
            },
            {
                "text": "Guarantee that reconstructed homes are accessible to persons with "
                "disabilities and older persons and are built to seismic safety standards",
                "groups": ["Persons with disabilities", "Older persons"],
                "sdg": ["11.5", "11.1"],
            },
            {
                "text": "Establish a grievance mechanism for persons affected by the "
                "reconstruction programme and publish data on the allocation of reconstruction "
                "funds",
                "sdg": ["11.5", "16.6"],
            },
        ],
    },
    "affordability": {
        "heading": "Affordability, social housing and homelessness",
        "themes": ["Right to adequate housing", "Human rights & poverty"],
        "groups": ["Persons living in poverty"],
        "sdg": ["11.1", "1.3", "1.4"],
        "actions": [
            "Increase the stock of public social housing, which represents less than 2 per cent "
            "of the housing stock, and allocate it on the basis of need",
            "Regulate short-term rentals and protect tenants against excessive rent increases "
            "in Castrelle and Port Savelle",
            "Adopt a national strategy to prevent and end homelessness, based on the Housing "
            "First approach",
            {
                "text": "Ensure that housing allowances cover actual housing costs and are "
                "accessible to single-parent households",
                "groups": ["Persons living in poverty", "Women and girls", "Children"],
            },
        ],
    },
    "poverty": {
        "heading": "Poverty and social protection",
        "themes": ["Human rights & poverty"],
        "groups": ["Persons living in poverty"],
        "sdg": ["1.2", "1.3", "10.4"],
        "details": [
            "with particular attention to families with children and persons with disabilities"
        ],
        "states": [
            "China",
            "Cuba",
            "Viet Nam",
            "Pakistan",
            "Egypt",
            "Venezuela (Bolivarian Republic of)",
            "Lao People's Democratic Republic",
            "Algeria",
        ],
        "actions": [
            {
                "text": "Raise the guaranteed minimum income to a level that ensures an adequate "
                "standard of living for all beneficiaries",
                "contested": True,
            },
            "Extend social protection coverage to workers in the informal economy and to "
            "seasonal agricultural workers",
            {
                "text": "Adopt a national poverty reduction strategy that gives priority to the "
                "Northern Highlands province and to Roma communities",
                "groups": ["Persons living in poverty", "Roma and other minorities"],
            },
            {
                "text": "Ensure that the social pension for older persons is adequate and is "
                "adjusted to the cost of living",
                "groups": ["Older persons", "Persons living in poverty"],
                "plain": True,
            },
            "Simplify the procedures for applying for social assistance and ensure that persons "
            "without a registered address are not excluded",
            {
                "text": "Increase public investment in the Northern Highlands province to reduce "
                "regional disparities in access to basic services",
                "sdg": ["10.1", "1.4"],
            },
        ],
    },
    "work": {
        "heading": "Right to work and to just and favourable conditions of work",
        "themes": ["Right to work"],
        "sdg": ["8.5", "8.8"],
        "actions": [
            "Strengthen the Labour Inspectorate, including by increasing the number of "
            "inspectors, to ensure compliance with labour standards in agriculture and "
            "construction",
            "Ensure that the minimum wage is reviewed regularly and provides a decent living "
            "for workers and their families",
            {
                "text": "Take measures to reduce youth unemployment, in particular in the "
                "Northern Highlands province",
                "sdg": ["8.6", "8.5"],
            },
            "Protect the right of workers to form and join trade unions and prevent anti-union "
            "dismissals",
            {
                "text": "Extend labour law protection to domestic workers and seasonal migrant "
                "workers",
                "groups": ["Migrants", "Women and girls"],
            },
        ],
    },
    "health": {
        "heading": "Right to health",
        "themes": ["Right to health - General"],
        "sdg": ["3.8"],
        "details": [
            "with particular attention to the needs of older persons and persons with disabilities"
        ],
        "states": ["Cuba", "India", "Thailand", "Qatar", "Brazil", "Botswana"],
        "actions": [
            {
                "text": "Increase public spending on health to achieve universal health "
                "coverage, in particular in rural and remote areas of the Northern Highlands "
                "province",
                "groups": ["Persons living in poverty"],
            },
            {
                "text": "Address the shortage of health professionals in rural areas, including "
                "by providing incentives for doctors and nurses to work there",
                "sdg": ["3.c", "3.8"],
            },
            {
                "text": "Develop community-based mental health services and reduce reliance on "
                "psychiatric institutions",
                "groups": ["Persons with disabilities"],
                "sdg": ["3.4", "3.8"],
            },
            {
                "text": "Ensure that all persons, including uninsured Roma and undocumented "
                "migrants, have access to essential health care",
                "groups": ["Roma and other minorities", "Migrants"],
                "plain": True,
            },
            "Reduce out-of-pocket payments for medicines and eliminate informal payments in "
            "public hospitals",
        ],
    },
    "srh": {
        "heading": "Sexual and reproductive health and rights",
        "themes": ["Right to health - General", "Discrimination against women"],
        "groups": ["Women and girls"],
        "sdg": ["3.7", "5.6", "3.1"],
        "actions": [
            "Ensure access to modern contraceptives, including emergency contraception, and "
            "include them in the list of medicines reimbursed by the Health Insurance Fund",
            {
                "text": "Introduce age-appropriate comprehensive sexuality education in school "
                "curricula",
                "groups": ["Women and girls", "Children"],
                "sdg": ["4.7", "3.7"],
            },
            {
                "text": "Reduce maternal mortality among Roma women and women in rural areas by "
                "improving access to prenatal and obstetric care",
                "groups": ["Women and girls", "Roma and other minorities", "Rural women"],
                "sdg": ["3.1", "3.7"],
            },
            "Ensure that the exercise of conscientious objection by medical personnel does not "
            "impede women's access to safe abortion services",
            "Guarantee access to safe abortion and post-abortion care services in all public "
            "hospitals, including in the Northern Highlands province",
        ],
        "contested": [
            {
                "text": "Remove the requirement of parental consent for adolescents' access to "
                "sexual and reproductive health services",
                "groups": ["Women and girls", "Children"],
            },
        ],
    },
    "education": {
        "heading": "Right to education",
        "themes": ["Right to education - General"],
        "groups": ["Children"],
        "sdg": ["4.1", "4.5", "4.a"],
        "details": ["in particular in rural areas"],
        "states": [
            "Qatar",
            "Oman",
            "Bhutan",
            "Singapore",
            "Bulgaria",
            "Iran (Islamic Republic of)",
            "Cambodia",
            "Sri Lanka",
        ],
        "actions": [
            {
                "text": "Reduce the dropout rate of Roma children and children from rural "
                "areas, including by providing free transport, meals and school materials",
                "groups": ["Children", "Roma and other minorities"],
                "plain": True,
            },
            {
                "text": "Increase public spending on education to at least 4 per cent of gross "
                "domestic product",
                "contested": True,
            },
            {
                "text": "Ensure that schools in the Northern Highlands province have adequate "
                "infrastructure, heating and qualified teachers",
                "sdg": ["4.a", "4.c"],
                "plain": True,
            },
            {
                "text": "Integrate human rights education into school curricula at all levels",
                "sdg": ["4.7"],
            },
            {
                "text": "Ensure free and compulsory pre-school education for all children from "
                "the age of four",
                "sdg": ["4.2", "4.1"],
            },
            "Address bullying in schools, including bullying on the basis of ethnic origin, "
            "disability and sexual orientation",
        ],
    },
    "inclusive_education": {
        "heading": "Education, including vocational training and guidance",
        "themes": [
            "Right to education - General",
            "Persons with disabilities: definition, general principles",
        ],
        "groups": ["Children", "Persons with disabilities"],
        "sdg": ["4.5", "4.a", "4.1"],
        "details": ["and allocate sufficient resources to that end"],
        "actions": [
            {
                "text": "Put an end to the placement of Roma children in special schools and "
                "classes for children with intellectual disabilities and ensure their enrolment "
                "in mainstream schools",
                "themes": ["Right to education - General", "Racial discrimination"],
                "groups": ["Children", "Roma and other minorities"],
            },
            "Adopt a time-bound plan to transform special schools into resource centres that "
            "support the inclusive education of all children with disabilities",
            "Ensure that all schools are physically accessible and provide reasonable "
            "accommodation and individual support, including assistant teachers",
            {
                "text": "Train all teachers in inclusive education methods and in the use of "
                "sign language and Braille",
                "sdg": ["4.c", "4.5"],
            },
            {
                "text": "Ensure that asylum-seeking and migrant children are enrolled in school "
                "within three months of their arrival",
                "themes": ["Right to education - General", "Refugees & asylum seekers"],
                "groups": ["Children", "Refugees and asylum-seekers", "Migrants"],
                "plain": True,
            },
            {
                "text": "Provide bilingual pre-school education in Valdorian and Kessari in "
                "areas with a significant Kessari-speaking population",
                "themes": ["Right to education - General", "Members of minorities"],
                "groups": ["Children", "Roma and other minorities"],
                "sdg": ["4.2", "4.5"],
            },
        ],
    },
}
