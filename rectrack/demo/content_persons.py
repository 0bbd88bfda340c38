"""Demo phrase banks: women's rights, the rights of the child, persons with disabilities,
migrants, refugees and Indigenous Peoples (see content.py for the keys a topic may carry)."""

_WOMEN = ["Women and girls"]
_CHILDREN = ["Children"]

TOPICS = {
    "women_framework": {
        "heading": "Constitutional and legislative framework",
        "themes": ["Discrimination against women"],
        "groups": _WOMEN,
        "sdg": ["5.1", "5.c"],
        "details": ["in consultation with women's organizations"],
        "actions": [
            {
                "text": "Adopt a definition of discrimination against women covering direct and "
                "indirect discrimination in the public and private spheres",
                "plain": True,
            },
            "Amend the Law on Equality of Women and Men of 2012 to provide for effective "
            "sanctions for violations and remedies for victims",
            {
                "text": "Adopt a new national strategy for gender equality, with an adequate "
                "budget and a monitoring framework",
                "until": 2020,
            },
            {
                "text": "Effectively implement the National Strategy for Gender Equality "
                "2021-2027 and allocate an adequate budget for its implementation",
                "since": 2021,
            },
            {
                "text": "Introduce gender-responsive budgeting at all levels of government",
                "sdg": ["5.c"],
            },
            {
                "text": "Raise awareness among women, in particular in rural areas, of their "
                "rights and of the remedies available to them",
                "groups": ["Women and girls", "Rural women"],
                "plain": True,
            },
            "Combat discriminatory gender stereotypes in the media and in school textbooks",
        ],
    },
    "women_justice": {
        "heading": "Women's access to justice",
        "themes": ["Discrimination against women", "Administration of justice & fair trial"],
        "groups": _WOMEN,
        "sdg": ["16.3", "5.1"],
        "actions": [
            "Provide free legal aid to women without sufficient means, in particular in family "
            "law and domestic violence cases",
            "Train judges, prosecutors and lawyers on women's rights and on gender-sensitive "
            "adjudication",
            "Abolish court fees for women victims of gender-based violence who apply for "
            "protection orders",
        ],
    },
    "women_machinery": {
        "heading": "National machinery for the advancement of women",
        "themes": ["Discrimination against women"],
        "groups": _WOMEN,
        "sdg": ["5.c", "17.18"],
        "actions": [
            "Upgrade the Directorate for Gender Equality of the Ministry of Labour and Social "
            "Policy to an agency with the authority and resources to coordinate gender equality "
            "policies across the Government",
            "Appoint gender equality focal points in all ministries and municipalities with "
            "clearly defined responsibilities",
            "Systematically collect data disaggregated by sex to monitor the implementation of "
            "gender equality policies",
        ],
    },
    "women_participation": {
        "heading": "Participation in political and public life",
        "themes": ["Discrimination against women"],
        "groups": _WOMEN,
        "sdg": ["5.5", "16.7"],
        "details": ["including through temporary special measures"],
        "actions": [
            "Raise the statutory quota for women on electoral lists from 30 to 40 per cent and "
            "require that candidates of each sex alternate on the lists",
            {
                "text": "Increase the representation of women in the Government, the diplomatic "
                "service and decision-making positions in the judiciary",
            },
            {
                "text": "Take measures to increase the participation of Roma women and women "
                "with disabilities in political and public life",
                "groups": [
                    "Women and girls",
                    "Roma and other minorities",
                    "Persons with disabilities",
                ],
            },
            {
                "text": "Combat online harassment of and violence against women politicians and "
                "women journalists",
                "themes": ["Discrimination against women", "Violence against women"],
                "groups": ["Women and girls", "Journalists and media workers"],
                "plain": True,
            },
            "Ensure that at least 40 per cent of the board members of State-owned enterprises "
            "are women",
        ],
    },
    "gbv": {
        "heading": "Gender-based violence against women",
        "themes": ["Violence against women"],
        "groups": _WOMEN,
        "sdg": ["5.2", "16.1", "16.3"],
        "details": [
            "and ensure that survivors have access to free legal aid, psychosocial support and "
            "compensation",
            "with particular attention to Roma women, rural women and women with disabilities",
            "in line with the Istanbul Convention",
        ],
        "states": [
            "Sweden",
            "Spain",
            "Italy",
            "Canada",
            "Australia",
            "Iceland",
            "France",
            "Belgium",
            "Mexico",
            "Peru",
            "Finland",
            "Denmark",
            "Japan",
            "Republic of Korea",
        ],
        "actions": [
            "Amend article 154 of the Valdorian Penal Code of 2009 to define rape on the basis "
            "of the lack of freely given consent rather than the use of force",
            {
                "text": "Ensure that all cases of gender-based violence against women, including "
                "domestic violence, are effectively investigated and that perpetrators are "
                "prosecuted and adequately punished",
            },
            {
                "text": "Increase the number of State-funded shelters for women victims of "
                "violence, in particular in the Northern Highlands province, and ensure that "
                "they are accessible to women with disabilities",
                "groups": ["Women and girls", "Persons with disabilities", "Rural women"],
                "plain": True,
            },
            "Ensure that protection orders under the Law on Protection against Domestic "
            "Violence of 2014 are issued promptly and that breaches are effectively sanctioned",
            "Establish a free national helpline for women victims of violence, available 24 "
            "hours a day",
            {
                "text": "Establish a femicide watch and systematically collect data on "
                "gender-related killings of women, disaggregated by the relationship between the "
                "victim and the perpetrator",
                "sdg": ["5.2", "17.18"],
            },
            {
                "text": "Provide mandatory training for police officers, prosecutors and judges on "
                "the investigation of domestic violence and on the gender-sensitive treatment of "
                "victims",
                "plain": True,
            },
            "Prohibit mandatory mediation and reconciliation in cases of domestic violence",
            "Adopt a comprehensive law on violence against women covering all forms of "
            "gender-based violence, including psychological, economic and online violence",
        ],
    },
    "women_education": {
        "heading": "Education",
        "themes": ["Discrimination against women", "Right to education - General"],
        "groups": _WOMEN,
        "sdg": ["4.5", "4.3"],
        "actions": [
            "Encourage women and girls to choose non-traditional fields of study and careers, "
            "such as science, technology, engineering and mathematics",
            {
                "text": "Reduce the dropout rate of Roma girls, including by addressing child "
                "marriage and by providing scholarships",
                "groups": ["Women and girls", "Roma and other minorities", "Children"],
                "sdg": ["4.1", "4.5", "5.3"],
            },
            "Revise school textbooks and curricula to eliminate discriminatory gender stereotypes",
        ],
    },
    "women_employment": {
        "heading": "Employment",
        "themes": ["Discrimination against women", "Right to work"],
        "groups": _WOMEN,
        "sdg": ["8.5", "5.1"],
        "actions": [
            "Enforce the principle of equal pay for work of equal value and reduce the gender "
            "pay gap, currently estimated at 14 per cent",
            {
                "text": "Expand access to affordable, quality childcare services to facilitate "
                "women's participation in the labour market",
                "sdg": ["5.4", "4.2", "8.5"],
            },
            {
                "text": "Introduce non-transferable paternity leave to promote the equal sharing "
                "of family responsibilities between women and men",
                "sdg": ["5.4"],
            },
            {
                "text": "Adopt measures to prevent and address sexual harassment in the "
                "workplace, including effective complaint mechanisms and sanctions",
                "themes": ["Violence against women", "Right to work"],
                "sdg": ["8.8", "5.2"],
            },
            "Prevent discrimination against pregnant women and women returning from maternity "
            "leave in the private sector",
        ],
    },
    "rural_women": {
        "heading": "Rural women",
        "themes": ["Discrimination against women"],
        "groups": ["Rural women"],
        "sdg": ["5.a", "2.3", "1.4"],
        "actions": [
            "Ensure that rural women have equal access to land ownership, including by "
            "registering jointly owned agricultural land in the names of both spouses",
            {
                "text": "Improve rural women's access to health care, education, clean water "
                "and public transport in the Northern Highlands province",
                "sdg": ["3.8", "6.1", "5.a"],
            },
            {
                "text": "Ensure that rural women working on family farms are covered by social "
                "security and pension schemes",
                "sdg": ["1.3", "5.4"],
            },
            "Facilitate rural women's access to credit, agricultural extension services and "
            "markets",
        ],
    },
    "women_disadvantaged": {
        "heading": "Disadvantaged groups of women",
        "themes": ["Discrimination against women", "Equality & non-discrimination"],
        "groups": ["Women and girls", "Roma and other minorities", "Persons with disabilities"],
        "sdg": ["5.1", "10.2"],
        "actions": [
            "Adopt targeted measures to combat intersecting forms of discrimination against "
            "Roma women, women with disabilities and migrant women",
            {
                "text": "Ensure that women with disabilities are not subjected to forced "
                "sterilization or forced contraception, and investigate past cases",
                "groups": ["Women and girls", "Persons with disabilities"],
                "sdg": ["5.6", "10.2"],
            },
            {
                "text": "Ensure that older women have access to adequate pensions and social "
                "services",
                "groups": ["Women and girls", "Older persons"],
                "sdg": ["1.3", "5.1"],
            },
        ],
    },
    "marriage_family": {
        "heading": "Marriage and family relations",
        "themes": ["Discrimination against women"],
        "groups": ["Women and girls", "Children"],
        "sdg": ["5.3", "5.1", "5.a"],
        "actions": [
            "Amend the Family Code of 2003 to remove all exceptions that allow marriage under "
            "the age of 18 years",
            {
                "text": "Ensure the equal division of marital property upon divorce, including "
                "pension entitlements and the increase in value of assets during the marriage",
                "groups": _WOMEN,
                "sdg": ["5.a", "5.1"],
            },
            {
                "text": "Ensure that any history of domestic violence is taken into account in "
                "decisions on child custody and visitation rights",
                "themes": ["Discrimination against women", "Violence against women"],
                "sdg": ["5.2", "16.2"],
            },
            {
                "text": "Establish a State fund that guarantees the payment of child maintenance "
                "when the parent who owes it fails to pay",
                "sdg": ["1.3", "5.1"],
            },
        ],
    },
    "child_general": {
        "heading": "General measures of implementation",
        "themes": ["Children: definition; general principles; protection"],
        "groups": _CHILDREN,
        "sdg": ["16.6", "1.b", "17.18"],
        "actions": [
            "Adopt a comprehensive national strategy for children covering all areas of the "
            "Convention, with a dedicated budget",
            "Establish a high-level body with a clear mandate and sufficient authority to "
            "coordinate all activities related to the implementation of the Convention",
            {
                "text": "Introduce child-rights budgeting with specific allocations for "
                "disadvantaged children, including Roma children and children with disabilities",
                "groups": ["Children", "Roma and other minorities", "Persons with disabilities"],
            },
            {
                "text": "Establish a comprehensive data collection system covering all areas of "
                "the Convention, with data disaggregated by age, sex, disability, ethnic origin "
                "and place of residence",
                "sdg": ["17.18"],
            },
            {
                "text": "Establish a dedicated unit for children's rights within the Office of "
                "the Ombudsperson, with child-friendly complaint procedures",
                "themes": [
                    "Children: definition; general principles; protection",
                    "National Human Rights Institution (NHRI)",
                ],
                "sdg": ["16.a", "16.3"],
            },
        ],
    },
    "child_nondiscrimination": {
        "heading": "Non-discrimination",
        "themes": [
            "Children: definition; general principles; protection",
            "Equality & non-discrimination",
        ],
        "groups": _CHILDREN,
        "sdg": ["10.2", "10.3"],
        "actions": [
            {
                "text": "Strengthen measures to eliminate discrimination against Roma children "
                "and children with disabilities, including in access to education and health "
                "care",
                "groups": ["Children", "Roma and other minorities", "Persons with disabilities"],
            },
            "Combat the stigmatization of children living with HIV and of children born out of "
            "wedlock",
            {
                "text": "Ensure that children in rural areas, in particular in the Northern "
                "Highlands province, have equal access to services, including by addressing "
                "regional disparities in public spending",
                "sdg": ["10.2", "1.4"],
            },
        ],
    },
    "birth_registration": {
        "heading": "Birth registration and nationality",
        "themes": [
            "Rights related to name, identity, nationality",
            "Children: definition; general principles; protection",
        ],
        "groups": ["Children", "Stateless persons"],
        "sdg": ["16.9"],
        "states": ["Côte d'Ivoire", "Mexico", "Brazil", "Kenya", "Germany"],
        "actions": [
            "Ensure that all children born in Valdoria are registered immediately after birth, "
            "irrespective of the legal status of their parents",
            {
                "text": "Simplify the procedure for late birth registration and conduct mobile "
                "registration campaigns in Roma settlements",
                "groups": ["Children", "Roma and other minorities"],
            },
            "Amend the Citizenship Act of 1996 to grant Valdorian citizenship to all children "
            "born in its territory who would otherwise be stateless",
            {
                "text": "Establish a statelessness determination procedure",
                "groups": ["Stateless persons"],
                "plain": True,
            },
        ],
    },
    "child_violence": {
        "heading": "Violence against children, including corporal punishment",
        "themes": ["Children: definition; general principles; protection"],
        "groups": _CHILDREN,
        "sdg": ["16.2", "16.1"],
        "details": ["and raise awareness among parents, teachers and children"],
        "states": ["Liechtenstein", "Slovenia", "Estonia", "Croatia", "Uruguay", "Mongolia"],
        "actions": [
            "Explicitly prohibit corporal punishment of children in all settings, including "
            "in the home, and promote positive, non-violent forms of discipline",
            "Strengthen the capacity of the centres for social work to respond to cases of "
            "violence against children and ensure multidisciplinary cooperation in such cases",
            {
                "text": "Establish child-friendly centres, following the Barnahus model, where "
                "child victims of violence can be interviewed and assisted in one place",
                "plain": True,
            },
            {
                "text": "Ensure that sexual abuse of children is investigated promptly and that "
                "child victims are protected from re-traumatization during judicial proceedings",
                "plain": True,
            },
            {
                "text": "Enforce the prohibition of child marriage, including in Roma "
                "communities, and address its root causes",
                "groups": ["Children", "Women and girls", "Roma and other minorities"],
                "sdg": ["5.3", "16.2"],
            },
            "Protect children from online sexual exploitation and abuse, including through "
            "cooperation with Internet service providers",
            {
                "text": "Establish a national database on cases of violence against children",
                "sdg": ["16.2", "17.18"],
                "plain": True,
            },
        ],
    },
    "alternative_care": {
        "heading": "Children deprived of a family environment",
        "themes": ["Children: definition; general principles; protection"],
        "groups": _CHILDREN,
        "sdg": ["16.2", "1.3", "10.2"],
        "actions": [
            {
                "text": "Accelerate the deinstitutionalization of children, including children "
                "with disabilities, and end new placements of children under 3 years of age in "
                "residential institutions",
                "groups": ["Children", "Persons with disabilities"],
            },
            {
                "text": "Strengthen support for families, including financial support and "
                "parenting programmes, to prevent the separation of children from their families",
                "sdg": ["1.3", "16.2"],
            },
            "Expand family-based care, including foster care, and provide adequate training and "
            "support to foster families",
            {
                "text": "Ensure that children are never separated from their families on the "
                "grounds of poverty alone",
                "groups": ["Children", "Persons living in poverty"],
            },
            "Ensure that young people leaving care receive support with housing, education and "
            "employment",
        ],
    },
    "children_disabilities": {
        "heading": "Children with disabilities",
        "themes": [
            "Persons with disabilities: definition, general principles",
            "Children: definition; general principles; protection",
        ],
        "groups": ["Children", "Persons with disabilities"],
        "sdg": ["10.2", "4.5", "3.8"],
        "actions": [
            "Adopt a human rights-based approach to disability and replace the medical "
            "assessment of children with disabilities with an assessment of their individual "
            "support needs",
            "Expand early detection and early intervention programmes for children with "
            "disabilities, including in rural areas",
            "Ensure that children with disabilities have access to community-based services, "
            "assistive devices and personal assistance",
            "Conduct awareness-raising campaigns to combat the stigmatization of children with "
            "disabilities",
        ],
    },
    "child_health": {
        "heading": "Health and health services",
        "themes": [
            "Right to health - General",
            "Children: definition; general principles; protection",
        ],
        "groups": _CHILDREN,
        "sdg": ["3.8", "3.2"],
        "actions": [
            {
                "text": "Reduce infant and child mortality, in particular among Roma children "
                "and in the Northern Highlands province",
                "groups": ["Children", "Roma and other minorities"],
                "sdg": ["3.2"],
            },
            {
                "text": "Increase immunization coverage, which fell below 85 per cent for the "
                "measles vaccine in 2021",
                "sdg": ["3.8", "3.b"],
                "since": 2022,
            },
            {
                "text": "Address the rising rate of childhood obesity, including by regulating "
                "the marketing of unhealthy food to children",
                "sdg": ["2.2", "3.4"],
            },
            {
                "text": "Develop child and adolescent mental health services, including in "
                "schools, and address the high rate of suicide among adolescents",
                "sdg": ["3.4"],
            },
            {
                "text": "Address the use of tobacco, alcohol and drugs by adolescents",
                "sdg": ["3.5", "3.a"],
            },
        ],
    },
    "child_poverty": {
        "heading": "Standard of living",
        "themes": [
            "Human rights & poverty",
            "Children: definition; general principles; protection",
        ],
        "groups": ["Children", "Persons living in poverty"],
        "sdg": ["1.2", "1.3"],
        "actions": [
            "Increase the child allowance and extend it to all families with children living "
            "below the poverty line",
            {
                "text": "Adopt a national child guarantee plan ensuring that all children in "
                "poverty have free access to early childhood education, health care, healthy "
                "nutrition and adequate housing",
                "sdg": ["1.2", "4.2", "2.1"],
            },
            {
                "text": "Ensure that Roma children living in informal settlements have access to "
                "safe drinking water and sanitation",
                "groups": ["Children", "Roma and other minorities", "Persons living in poverty"],
                "sdg": ["6.1", "6.2", "1.4"],
            },
        ],
    },
    "child_asylum": {
        "heading": "Asylum-seeking, refugee and migrant children",
        "themes": [
            "Refugees & asylum seekers",
            "Children: definition; general principles; protection",
        ],
        "groups": ["Children", "Refugees and asylum-seekers", "Migrants"],
        "sdg": ["10.7", "16.2"],
        "actions": [
            "End the detention of asylum-seeking and migrant children and ensure that they are "
            "accommodated in family-based or community-based settings",
            "Appoint qualified guardians for all unaccompanied children without delay",
            "Use multidisciplinary and non-invasive methods of age assessment and give the "
            "benefit of the doubt to persons claiming to be children",
            {
                "text": "Ensure that asylum-seeking and refugee children have access to "
                "education, health care and psychosocial support",
                "sdg": ["4.1", "3.8", "10.7"],
            },
        ],
    },
    "child_labour": {
        "heading": "Economic exploitation, including child labour",
        "themes": [
            "Children: definition; general principles; protection",
            "Prohibition of slavery, trafficking",
        ],
        "groups": _CHILDREN,
        "sdg": ["8.7"],
        "actions": [
            "Strengthen labour inspections to detect child labour in agriculture, in particular "
            "during the tobacco harvest in the Eastern Plains province",
            {
                "text": "Combat the exploitation of children for begging and ensure that "
                "children in street situations receive protection and assistance",
                "sdg": ["8.7", "16.2"],
            },
            "Update the list of hazardous work prohibited for children under 18 years of age",
        ],
    },
    "juvenile": {
        "heading": "Administration of child justice",
        "themes": ["Children: Juvenile justice"],
        "groups": ["Children", "Persons deprived of liberty"],
        "sdg": ["16.3", "16.2"],
        "actions": [
            {
                "text": "Maintain the minimum age of criminal responsibility at 14 years and "
                "reject the proposals to lower it to 12 years",
                "groups": _CHILDREN,
            },
            "Establish specialized juvenile courts and ensure that all cases involving children "
            "are handled by specialized judges",
            {
                "text": "Promote diversion, mediation and non-custodial measures for children in "
                "conflict with the law",
                "groups": _CHILDREN,
            },
            "Ensure that the detention of children is used as a measure of last resort and for "
            "the shortest possible time, and that detained children are separated from adults",
            {
                "text": "Improve conditions in the Lindar juvenile correctional institution, "
                "including access to education and vocational training",
                "themes": ["Children: Juvenile justice", "Conditions of detention"],
            },
            "Ensure free legal aid for all children in conflict with the law from the outset "
            "of the proceedings",
        ],
    },
    "disability": {
        "heading": "Persons with disabilities",
        "themes": ["Persons with disabilities: definition, general principles"],
        "groups": ["Persons with disabilities"],
        "sdg": ["10.2", "10.3"],
        "details": ["in close consultation with organizations of persons with disabilities"],
        "states": ["New Zealand", "Ecuador", "Israel", "Spain", "Bulgaria", "Greece"],
        "actions": [
            {
                "text": "Abolish plenary guardianship and replace substituted decision-making "
                "with supported decision-making for persons with disabilities",
                "sdg": ["10.2", "16.3"],
                "contested": True,
            },
            "Adopt a strategy for the deinstitutionalization of persons with disabilities, with "
            "clear timelines and adequate funding for community-based services",
            {
                "text": "Ensure the accessibility of public buildings, transport and "
                "information, including the websites of public institutions",
                "sdg": ["11.2", "11.7", "10.2"],
            },
            {
                "text": "Increase the employment of persons with disabilities in the open labour "
                "market and enforce the employment quota",
                "themes": [
                    "Persons with disabilities: definition, general principles",
                    "Right to work",
                ],
                "sdg": ["8.5"],
            },
            {
                "text": "Restore the right to vote of persons with disabilities deprived of "
                "legal capacity",
                "sdg": ["16.7", "10.2"],
                "plain": True,
            },
            "Adopt a human rights-based definition of disability in the Law on Persons with "
            "Disabilities of 2010",
        ],
    },
    "migrants": {
        "heading": "Migrants, refugees and asylum-seekers",
        "themes": ["Migrants", "Refugees & asylum seekers"],
        "groups": ["Migrants", "Refugees and asylum-seekers"],
        "sdg": ["10.7", "10.2", "16.3"],
        "states": [
            "Mexico",
            "Philippines",
            "Indonesia",
            "Afghanistan",
            "Ghana",
            "Morocco",
            "Bangladesh",
        ],
        "actions": [
            {
                "text": "Guarantee access to fair and efficient asylum procedures at all border "
                "crossings and in the Velm reception centre",
                "groups": ["Refugees and asylum-seekers"],
            },
            {
                "text": "Improve reception conditions at the Velm reception centre, in "
                "particular for families with children",
                "groups": ["Refugees and asylum-seekers", "Children"],
            },
            {
                "text": "Ensure that migrants are not detained solely on account of their "
                "irregular status and that alternatives to detention are applied",
                "contested": True,
            },
            {
                "text": "Facilitate the integration of refugees, including through language "
                "courses, recognition of qualifications and access to the labour market",
                "groups": ["Refugees and asylum-seekers"],
                "sdg": ["8.5", "10.2"],
            },
            "Combat xenophobic discourse against migrants and refugees",
            {
                "text": "Ensure that migrant workers have equal access to labour rights and to "
                "complaint mechanisms, irrespective of their migration status",
                "groups": ["Migrants"],
                "sdg": ["8.8", "10.7"],
            },
        ],
        "contested": [
            "Put an end to pushbacks at the southern border and investigate reports of violence "
            "against migrants by the Border Police",
        ],
    },
    "indigenous": {
        "heading": "Indigenous Peoples",
        "themes": ["Indigenous peoples"],
        "groups": ["Indigenous peoples"],
        "sdg": ["10.2", "16.7"],
        "states": [
            "Bolivia (Plurinational State of)",
            "Guatemala",
            "Denmark",
            "Peru",
            "New Zealand",
            "Norway",
        ],
        "actions": [
            {
                "text": "Ensure that Aruvi children have access to education in their own language",
                "groups": ["Indigenous peoples", "Children"],
                "sdg": ["4.5", "10.2"],
            },
            "Establish a consultative council of the Aruvi people with a mandate to advise the "
            "Government on all matters affecting them",
            {
                "text": "Demarcate and legally recognize the traditional lands of the Aruvi "
                "people in the Northern Highlands",
                "sdg": ["2.3", "15.1", "10.2"],
            },
        ],
        "contested": [
            "Recognize the Aruvi as an Indigenous People in the Constitution and in national "
            "legislation",
            {
                "text": "Guarantee the right of the Aruvi people to free, prior and informed "
                "consent before mining concessions are granted in the Northern Highlands",
                "themes": ["Indigenous peoples", "Human rights & the environment"],
            },
        ],
    },
}
