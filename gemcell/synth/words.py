"""What synthetic rows are made of: categories as GeM names them (grouped by the kind of office that buys them), ATC
clauses clean and restrictive, reasons for disqualification, offices of each department, firm names, brands, and the
Hindi and English names of people. Drawn from the real samples in ``/work/shared/data`` and the State's own usage.
"""

#: the State departments beyond the 66 of ``data/departments.csv`` (real departments and secretariats of the
#: Government of Uttar Pradesh that the list leaves out): code, Hindi, English
MORE_DEPARTMENTS = [
    ('AGRIEDU', 'कृषि शिक्षा एवं अनुसंधान विभाग', 'Agriculture Education and Research Department'),
    ('AGRIMKT', 'कृषि विपणन एवं कृषि विदेश व्यापार विभाग', 'Agriculture Marketing and Foreign Trade Department'),
    ('FSDA', 'खाद्य सुरक्षा एवं औषधि प्रशासन विभाग', 'Food Safety and Drug Administration Department'),
    ('SAINIK', 'सैनिक कल्याण विभाग', 'Sainik Welfare Department'),
    ('PROTO', 'प्रोटोकॉल विभाग', 'Protocol Department'),
    ('INSTFIN', 'संस्थागत वित्त विभाग', 'Institutional Finance Department'),
    ('ADMREF', 'प्रशासनिक सुधार विभाग', 'Administrative Reforms Department'),
    ('PROGIMP', 'कार्यक्रम कार्यान्वयन विभाग', 'Programme Implementation Department'),
    ('LANDDEV', 'भूमि विकास एवं जल संसाधन विभाग', 'Land Development and Water Resources Department'),
    ('SCITECH', 'विज्ञान एवं प्रौद्योगिकी विभाग', 'Science and Technology Department'),
    ('PRINT', 'मुद्रण एवं लेखन सामग्री विभाग', 'Printing and Stationery Department'),
    ('UEPA', 'नगरीय रोजगार एवं गरीबी उन्मूलन विभाग', 'Urban Employment and Poverty Alleviation Department'),
    ('NRI', 'अप्रवासी भारतीय विभाग', 'Non-Resident Indians Department'),
    ('EXPORT', 'निर्यात प्रोत्साहन विभाग', 'Export Promotion Department'),
    ('SERIC', 'रेशम विकास विभाग', 'Sericulture Department'),
    ('CONSOL', 'चकबन्दी विभाग', 'Consolidation Department'),
    ('NATINT', 'राष्ट्रीय एकीकरण विभाग', 'National Integration Department'),
    ('SAMAGRA', 'समग्र ग्राम्य विकास विभाग', 'Integrated Village Development Department'),
    ('ICDS', 'बाल विकास सेवा एवं पुष्टाहार विभाग', 'Child Development Services and Nutrition Department'),
    ('PARL', 'संसदीय कार्य विभाग', 'Parliamentary Affairs Department'),
    ('POLPEN', 'राजनैतिक पेंशन विभाग', 'Political Pension Department'),
    ('RELIEF', 'राहत एवं आपदा प्रबन्धन विभाग', 'Relief and Disaster Management Department'),
    ('GW', 'भूगर्भ जल विभाग', 'Ground Water Department'),
    ('METRO', 'विधिक माप विज्ञान विभाग', 'Legal Metrology Department'),
    ('AUDIT', 'स्थानीय निधि लेखा परीक्षा विभाग', 'Local Fund Audit Department'),
    ('TREAS', 'कोषागार निदेशालय', 'Directorate of Treasuries'),
    ('GRIEV', 'जन शिकायत विभाग', 'Public Grievances Department'),
    ('TRIBAL', 'जनजाति विकास विभाग', 'Tribal Development Department'),
    ('VSS', 'विधान सभा सचिवालय', 'Legislative Assembly Secretariat'),
    ('VPS', 'विधान परिषद सचिवालय', 'Legislative Council Secretariat'),
    ('RAJBHAVAN', 'राज्यपाल सचिवालय', 'Governor’s Secretariat'),
    ('NEDA', 'अतिरिक्त ऊर्जा स्रोत विभाग', 'Additional Sources of Energy Department'),
    ('FIRE', 'अग्निशमन एवं आपात सेवा विभाग', 'Fire and Emergency Services Department'),
    ('REORG', 'उत्तर प्रदेश पुनर्गठन समन्वय विभाग', 'Uttar Pradesh Reorganisation Coordination Department'),
]

#: departments first in line (the demo's, then the big buyers): a small scale takes the first ones
FIRST_DEPARTMENTS = ['HEALTH', 'PWD', 'BASIC', 'HOME', 'MSME', 'AGRI', 'REV', 'RURAL', 'SEC', 'URBAN', 'MEDED',
                     'IRR', 'ENERGY', 'PANCH', 'WCD']

#: how much a department buys, relative to 1 (the default): its share of the offices and so of the purchases
DEPARTMENT_WEIGHTS = {
    'HEALTH': 14, 'BASIC': 10, 'HOME': 9, 'PWD': 8, 'REV': 6, 'RURAL': 6, 'SEC': 5, 'PANCH': 5, 'URBAN': 5,  # nosec B105 - PWD: Public Works Department
    'MEDED': 4, 'AGRI': 4, 'IRR': 4, 'WCD': 4, 'ENERGY': 3, 'HIGHER': 3, 'TECHED': 2, 'VOCED': 2, 'AYUSH': 2,
    'JAIL': 2, 'FOOD': 2, 'TRANS': 2, 'FOREST': 2, 'MSME': 2, 'SOCW': 2, 'AH': 2, 'NAMAMI': 3, 'RES': 2,
    'HOUSING': 2, 'ICDS': 3, 'FIRE': 2, 'HG': 2, 'SUGAR': 2, 'LAW': 2, 'COOP': 2,
}

#: the sectors an office of each department buys from most (the rest from ``general``)
DEPARTMENT_SECTORS = {
    'HEALTH': ('medical', 'medical', 'it', 'furniture', 'cleaning'), 'MEDED': ('medical', 'medical', 'it', 'lab'),
    'AYUSH': ('medical', 'furniture'), 'FSDA': ('lab', 'medical'), 'BASIC': ('education', 'furniture', 'stationery'),
    'SEC': ('education', 'furniture', 'it'), 'HIGHER': ('education', 'it', 'lab'), 'TECHED': ('it', 'lab'),
    'VOCED': ('it', 'lab', 'education'), 'HOME': ('police', 'vehicles', 'it', 'textiles'),
    'JAIL': ('textiles', 'kitchen', 'police'), 'FIRE': ('police', 'vehicles', 'safety'), 'HG': ('textiles', 'police'),
    'PWD': ('electrical', 'safety', 'it'), 'IRR': ('water', 'electrical', 'vehicles'), 'MINIRR': ('water',),
    'NAMAMI': ('water', 'electrical'), 'RES': ('electrical', 'safety'), 'ENERGY': ('electrical', 'safety'),
    'NEDA': ('electrical',), 'URBAN': ('cleaning', 'electrical', 'vehicles'), 'PANCH': ('cleaning', 'electrical'),
    'RURAL': ('it', 'electrical', 'stationery'), 'AGRI': ('agri', 'agri', 'it'), 'AGRIEDU': ('agri', 'lab'),
    'AH': ('agri', 'medical'), 'HORT': ('agri',), 'DAIRY': ('agri', 'kitchen'), 'FISH': ('agri',),
    'WCD': ('kitchen', 'education', 'textiles'), 'ICDS': ('kitchen', 'education'), 'SOCW': ('textiles', 'kitchen'),
    'FOOD': ('stationery', 'it'), 'SPORTS': ('sports',), 'YOUTH': ('sports',), 'TRANS': ('vehicles', 'it'),
    'FOREST': ('vehicles', 'agri', 'safety'),
}

#: goods categories as GeM names them, by sector (a few carry GeM's version suffix, as the catalogue does)
GOODS = {
    'furniture': ['Office Chair', 'Executive Table', 'Steel Almirah', 'Revolving Chair', 'Computer Table',
                  'Filing Cabinet', 'Steel Rack', 'Conference Table', 'Visitor Chair', 'Sofa Set', 'Office Table',
                  'Chair writing Office', 'Table office steel with Drawer'],
    'medical': ['Hospital Bed', 'Stretcher Trolley', 'Wheel Chair', 'Examination Table', 'Sutures', 'Surgical Sutures',
                'Surgical Gloves', 'Disposable Syringe', 'Hand Sanitizer', 'Face Mask', 'Pulse Oximeter',
                'Digital Thermometer', 'BP Monitor', 'Glucometer', 'Oxygen Cylinder', 'Oxygen Concentrator',
                'X-Ray Film', 'Ultrasound Gel', 'Bandage Roll', 'Absorbent Cotton', 'Paracetamol Tablets',
                'ORS Sachet', 'Multipara Monitor', 'Infant Warmer', 'Hernia Mesh', 'Skin Stapler',
                'Absorbable Hemostat', 'Intensive Care Ventilator', 'Hemodialysis Machine', 'Autoclave Apparatus'],
    'lab': ['High Performance Liquid Chromatography (HPLC) System', 'BOD Incubator', 'Centrifuge',
            'Fluorescence Microscope', 'Analytical Balance', 'Laboratory Glassware', 'Hot Air Oven',
            'Gas Chromatography Mass Spectrometry (GC - MS)', 'Spectrophotometer'],
    'it': ['Desktop Computer', 'High End Desktop Computer', 'Laptop Notebook', 'All in One PC',
           'Multifunction Machine MFM', 'Laser Printer', 'Printer Toner Cartridge', 'Scanner', 'Online UPS',
           'LED Monitor', 'Projector', 'Interactive Panel', 'Network Switch', 'Wi-Fi Router', 'CCTV Camera',
           'Network Video Recorder', 'Hard Disk Drive', 'Pen Drive', 'Tablet Computer', 'Server',
           'Biometric Attendance Machine', 'Cheque Scanner', 'UPS'],
    'stationery': ['Photocopier Paper', 'Copier Paper A4', 'File Cover', 'Register', 'Ball Pen', 'Stapler',
                   'Envelope', 'Printing Paper'],
    'electrical': ['LED Lamp', 'LED Tube Light', 'LED Street Light', 'Ceiling Fan', 'Pedestal Fan', 'Exhaust Fan',
                   'Split Air Conditioner Including Green AC, Wall Mount Type', 'Window Air Conditioner',
                   'Diesel Generator', 'Solar Street Light', 'Solar Inverter', 'Battery', 'Electric Cable',
                   'MCB Distribution Board', 'Voltage Stabilizer', 'Inverter', 'Armoured Optical Fibre Cable',
                   'Water Cooler', 'Electric Geyser', 'Room Heater'],
    'cleaning': ['Floor Cleaner', 'Phenyl', 'Toilet Cleaner', 'Detergent Powder', 'Broom', 'Dustbin', 'Mop',
                 'Bleaching Powder', 'Hand Wash'],
    'safety': ['Fire Extinguisher', 'Fire Ball', 'Safety Helmet', 'Safety Shoes', 'Reflective Jacket', 'Raincoat'],
    'textiles': ['Blanket', 'Bed Sheet', 'Pillow', 'Mattress', 'Mosquito Net', 'Curtain', 'Towel', 'Uniform Cloth',
                 'Tent', 'Tarpaulin'],
    'education': ['School Bag', 'Black Board', 'White Board', 'Notice Board', 'School Desk', 'Library Rack',
                  'Educational School Kits for States'],
    'sports': ['Sports Goods Kit', 'Dumbbell Set', 'Football', 'Cricket Kit'],
    'water': ['Water Tank', 'Submersible Pump', 'Monoblock Pump', 'Hand Pump', 'PVC Pipe', 'GI Pipe',
              'Water Meter', 'Water Purifier'],
    'agri': ['Tractor', 'Rotavator', 'Seed Drill', 'Sprayer', 'Fertilizer', 'Certified Seeds', 'Pesticide',
             'Cattle Feed', 'Veterinary Medicine', 'Milk Can'],
    'vehicles': ['Motor Car', 'Jeep', 'Ambulance', 'Utility Vehicle', 'Motor Cycle', 'Bus', 'Fire Tender Vehicle',
                 'Tyre', 'Lubricant Oil', 'Drone'],
    'police': ['Walkie Talkie', 'Body Worn Camera', 'Barricade', 'Traffic Cone', 'Metal Detector',
               'Breath Analyzer'],
    'kitchen': ['Kitchen Utensils', 'Gas Stove', 'Pressure Cooker', 'Dinner Set', 'Mid Day Meal Plate',
                'Drinking Water Bottle', 'Tea Coffee Vending Machine', 'Microwave Oven', 'Refrigerator'],
}
GENERAL_SECTORS = ('furniture', 'it', 'stationery', 'electrical', 'cleaning')
SERVICES = [
    'Manpower Outsourcing Services - Minimum Wage', 'Manpower Outsourcing Services - Fixed Remuneration',
    'Security Manpower Service', 'Housekeeping Service', 'Cleaning, Sanitation and Disinfection Service',
    'Monthly Basis Cab and Taxi Hiring Services', 'Hiring of Consultants - Milestone basis',
    'Event or Seminar or Workshop or Exhibition or Expo Management Service', 'Catering Service',
    'Annual Maintenance Service - Desktops, Laptops and Peripherals', 'Repair and Maintenance Service - Air '
    'Conditioner', 'Comprehensive Maintenance Service of Lifts', 'Facility Management Services',
    'Custom Bid for Services', 'Printing Services', 'Courier Service', 'Insurance Service - Vehicle',
    'Health Insurance Service', 'Data Entry Services', 'Digitization Services', 'Photography and Videography Service',
    'Transportation of Goods Service', 'Waste Management Service', 'Horticulture Service', 'Pest Control Service',
    'Hiring of Sanitation Service', 'Cloud Service', 'Website Development Service', 'Training Service',
    'Audit Service', 'Legal Advisory Service', 'Survey Service', 'Laundry Service', 'Goods Transport Service',
    'Hiring of Agency for Security Guards', 'Operation and Maintenance of Water Supply', 'Lab Testing Services',
    'Bus Hiring Service', 'Tent House Service', 'Sound System Hiring Service',
]
WORKS = [
    'Civil Works', 'Construction of Boundary Wall', 'Renovation of Office Building', 'Road Works',
    'Electrical Works', 'Plumbing Works', 'Drainage Works', 'Construction of CC Road', 'Building Works',
    'Earth Work', 'Repair of School Building', 'Interlocking Tiles Work',
]
ATC_CLEAN = [
    'Delivery shall be made within 30 days from the date of the contract.',
    'Warranty of 1 year from the date of installation shall be given by the seller.',
    'The seller shall install and commission the equipment at the consignee site free of cost.',
    'Bidder shall upload the GST registration certificate and PAN card.',
    'Payment will be made after receipt of the material in good condition and issue of the CRAC.',
    'Buyer reserves the right to increase or decrease the quantity up to 25% at the time of placing the contract.',
    'Inspection will be carried out by the committee constituted by the buyer before acceptance.',
    'The rates quoted shall be inclusive of all taxes, freight and insurance.',
    'Bidder must quote for all the items of the bid, failing which the bid shall be rejected.',
    'आपूर्ति अनुबन्ध की तिथि से 30 दिवस के भीतर की जानी होगी।',
    'सामग्री की गुणवत्ता सही न पाये जाने पर सामग्री वापस कर दी जायेगी तथा भुगतान नहीं किया जायेगा।',
    'बिडर द्वारा जी0एस0टी0 पंजीकरण प्रमाण पत्र एवं पैन कार्ड अपलोड करना अनिवार्य होगा।',
    'Buyer Added Bid Specific Terms and Conditions: the seller shall replace defective items within 7 days.',
    'Generic: The bidder should comply with the Make in India order as amended from time to time.',
]
ATC_RESTRICTIVE = [
    'Preferred make: HP / Dell / Lenovo only. Other makes will not be accepted.',
    'Only branded items of Godrej or Nilkamal make shall be accepted.',
    'Make: Havells, Philips or Syska only; the bidder must quote the model number.',
    'Bidder must submit a sample of the item within 5 days of bid opening for approval by the committee.',
    'Samples shall be submitted along with the bid at the office of the CMO; bids without samples will be rejected.',
    'नमूना (सैंपल) बिड खुलने के 5 दिवस के भीतर कार्यालय में प्रस्तुत करना अनिवार्य होगा।',
    'केवल ब्रांडेड (गोदरेज / नीलकमल) सामग्री ही स्वीकार्य होगी।',
    'Bidder should have minimum 3 years experience of supply to the Medical Health Department, Uttar Pradesh only.',
    'Experience of work with Indian Railways or a Central PSU is mandatory.',
    'Hard copy of all the documents shall be submitted in the office before the bid opening date.',
    'भौतिक रूप से सभी अभिलेखों की प्रति बिड खुलने से पूर्व कार्यालय में जमा करनी होगी।',
    'The product must carry CE and US FDA certification.',
    'Tender fee of Rs. 5,000 shall be deposited by demand draft in favour of the Chief Medical Officer.',
    'EMD of Rs. 50,000 shall be submitted by all bidders including MSE by FDR / DD in the office.',
    'Detailed terms and conditions are available on the department website www.uphealth.up.nic.in.',
    'Bidder must have an office in Uttar Pradesh; only firms registered in Lucknow will be considered.',
    'Only authorised dealers of Tata Motors / Mahindra may participate.',
    'Bidder must have an annual turnover of Rs. 5 crore in each of the last three years.',
]
REASONS = [
    'Experience criteria not met', 'OEM authorisation certificate not uploaded', 'ATC documents not uploaded',
    'Turnover certificate not as per bid', 'Technical specifications not matching', 'MSE certificate expired',
    'अनुभव प्रमाण पत्र अपलोड नहीं किया गया', 'तकनीकी विशिष्टियाँ बिड के अनुरूप नहीं', 'Price bid not in format',
    'Sample not approved', 'Make in India declaration missing', 'Past performance document not uploaded',
]
#: the buyer's designation on GeM, as the contracts show it
DESIGNATIONS = ['SMO', 'CMO', 'CMS', 'Chief Pharmacist', 'District Magistrate', 'Executive Engineer', 'Principal',
                'Accounts Officer', 'Drawing and Disbursing Officer', 'Superintendent', 'Block Development Officer',
                'Store Officer', 'Assistant Accounts Officer', 'Senior Assistant', 'Store Incharge']
BRANDS = ['Godrej', 'Nilkamal', 'HP', 'Dell', 'Lenovo', 'Havells', 'Philips', 'Syska', 'Usha', 'Bajaj', 'Relyon',
          'Tata', 'Mahindra', 'Voltas', 'Blue Star', 'Canon', 'Epson', 'Acer', 'Crompton', 'Dolphin', 'Meril',
          'Generic']

#: offices of a department: (Hindi, English) kinds, one office of a kind per district; a department without an entry
#: has a district office of its own
OFFICE_KINDS = {
    'HEALTH': [('जिला चिकित्सालय', 'District Hospital'), ('जिला महिला चिकित्सालय', 'District Female Hospital'),
               ('मुख्य चिकित्सा अधिकारी कार्यालय', 'Office of the Chief Medical Officer'),
               ('सामुदायिक स्वास्थ्य केन्द्र', 'Community Health Centre'),
               ('संयुक्त जिला चिकित्सालय', 'Combined District Hospital'), ('क्षय रोग चिकित्सालय', 'TB Hospital'),
               ('ट्रॉमा सेण्टर', 'Trauma Centre'), ('औषधि भण्डार', 'Drug Warehouse')],
    'MEDED': [('राजकीय मेडिकल कॉलेज', 'Government Medical College')],
    'AYUSH': [('राजकीय आयुर्वेदिक चिकित्सालय', 'Government Ayurvedic Hospital'),
              ('राजकीय होम्योपैथिक चिकित्सालय', 'Government Homoeopathic Hospital')],
    'BASIC': [('जिला बेसिक शिक्षा अधिकारी कार्यालय', 'District Basic Education Officer'),
              ('कस्तूरबा गांधी बालिका विद्यालय', 'Kasturba Gandhi Balika Vidyalaya'),
              ('खण्ड शिक्षा अधिकारी कार्यालय', 'Block Education Officer')],
    'SEC': [('जिला विद्यालय निरीक्षक कार्यालय', 'District Inspector of Schools'),
            ('राजकीय इण्टर कॉलेज', 'Government Inter College'),
            ('राजकीय बालिका इण्टर कॉलेज', 'Government Girls Inter College')],
    'HIGHER': [('राजकीय महाविद्यालय', 'Government Degree College')],
    'TECHED': [('राजकीय पॉलीटेक्निक', 'Government Polytechnic')],
    'VOCED': [('राजकीय औद्योगिक प्रशिक्षण संस्थान', 'Government ITI')],
    'HOME': [('पुलिस अधीक्षक कार्यालय', 'Superintendent of Police'), ('पुलिस लाइन्स', 'Police Lines')],
    'JAIL': [('जिला कारागार', 'District Jail')],
    'FIRE': [('अग्निशमन केन्द्र', 'Fire Station')],
    'HG': [('जिला कमाण्डेण्ट, होमगार्ड्स', 'District Commandant, Home Guards')],
    'PWD': [('अधिशासी अभियन्ता, प्रान्तीय खण्ड', 'Executive Engineer, Provincial Division'),
            ('अधिशासी अभियन्ता, निर्माण खण्ड', 'Executive Engineer, Construction Division'),
            ('अधीक्षण अभियन्ता कार्यालय', 'Superintending Engineer')],
    'IRR': [('अधिशासी अभियन्ता, सिंचाई खण्ड', 'Executive Engineer, Irrigation Division'),
            ('अधिशासी अभियन्ता, बाढ़ खण्ड', 'Executive Engineer, Flood Division')],
    'MINIRR': [('अधिशासी अभियन्ता, लघु सिंचाई', 'Executive Engineer, Minor Irrigation')],
    'ENERGY': [('विद्युत वितरण खण्ड', 'Electricity Distribution Division')],
    'URBAN': [('नगर निगम', 'Nagar Nigam'), ('नगर पालिका परिषद', 'Nagar Palika Parishad')],
    'HOUSING': [('विकास प्राधिकरण', 'Development Authority')],
    'RURAL': [('खण्ड विकास कार्यालय', 'Block Development Office'),
              ('जिला ग्राम्य विकास अभिकरण', 'District Rural Development Agency')],
    'PANCH': [('जिला पंचायत', 'Zila Panchayat'),
              ('जिला पंचायत राज अधिकारी कार्यालय', 'District Panchayat Raj Officer')],
    'RES': [('अधिशासी अभियन्ता, ग्रामीण अभियंत्रण', 'Executive Engineer, Rural Engineering')],
    'NAMAMI': [('जल निगम (ग्रामीण) खण्ड', 'Jal Nigam (Rural) Division')],
    'REV': [('कलेक्ट्रेट', 'Collectorate'), ('तहसील', 'Tehsil')],
    'FIN': [('कोषागार', 'Treasury')],
    'FOOD': [('जिला पूर्ति कार्यालय', 'District Supply Office'), ('राज्य भण्डारागार', 'State Warehouse')],
    'TRANS': [('सम्भागीय परिवहन कार्यालय', 'Regional Transport Office')],
    'FOREST': [('प्रभागीय वनाधिकारी कार्यालय', 'Divisional Forest Officer')],
    'MSME': [('जिला उद्योग एवं उद्यम प्रोत्साहन केन्द्र', 'District Industries and Enterprise Promotion Centre')],
    'SOCW': [('जिला समाज कल्याण अधिकारी कार्यालय', 'District Social Welfare Officer')],
    'WCD': [('जिला कार्यक्रम अधिकारी कार्यालय', 'District Programme Officer'),
            ('जिला प्रोबेशन अधिकारी कार्यालय', 'District Probation Officer')],
    'ICDS': [('बाल विकास परियोजना कार्यालय', 'Child Development Project Office')],
    'MINW': [('जिला अल्पसंख्यक कल्याण अधिकारी कार्यालय', 'District Minority Welfare Officer')],
    'LABOUR': [('सेवायोजन कार्यालय', 'Employment Exchange')],
    'SPORTS': [('क्रीड़ा अधिकारी कार्यालय', 'District Sports Office')],
    'AGRI': [('जिला कृषि अधिकारी कार्यालय', 'District Agriculture Officer'),
             ('उप कृषि निदेशक कार्यालय', 'Deputy Director of Agriculture'),
             ('कृषि विज्ञान केन्द्र', 'Krishi Vigyan Kendra')],
    'AH': [('मुख्य पशु चिकित्साधिकारी कार्यालय', 'Chief Veterinary Officer')],
    'HORT': [('जिला उद्यान अधिकारी कार्यालय', 'District Horticulture Officer')],
    'SUGAR': [('जिला गन्ना अधिकारी कार्यालय', 'District Cane Officer')],
    'COOP': [('जिला सहकारी बैंक', 'District Cooperative Bank')],
    'ELEC': [('जिला निर्वाचन कार्यालय', 'District Election Office')],
    'LAW': [('जनपद न्यायालय', 'District Court')],
    'FSDA': [('जिला खाद्य सुरक्षा कार्यालय', 'District Food Safety Office')],
    'INFO': [('जिला सूचना कार्यालय', 'District Information Office')],
    'STAMP': [('उप निबन्धक कार्यालय', 'Sub-Registrar Office')],
    'TAX': [('राज्य कर कार्यालय', 'State Tax Office')],
    'EXCISE': [('जिला आबकारी अधिकारी कार्यालय', 'District Excise Officer')],
    'CONSOL': [('बन्दोबस्त अधिकारी चकबन्दी कार्यालय', 'Settlement Officer, Consolidation')],
    'SAINIK': [('जिला सैनिक कल्याण एवं पुनर्वास कार्यालय', 'District Sainik Welfare and Rehabilitation Office')],
    'AGRIMKT': [('मण्डी समिति', 'Mandi Samiti')],
}
#: a department's head office, in Lucknow
HEAD_OFFICE = ('निदेशालय', 'Directorate')
#: a district office of a department without kinds of its own
DISTRICT_OFFICE = ('जनपदीय कार्यालय', 'District Office')

#: firm names as GeM's seller register shows them
FIRM_FIRST = ['SNEH', 'SHREE', 'SHRI', 'GANGA', 'AVADH', 'KASHI', 'SURYA', 'JAI MAA', 'OM', 'SAI', 'RAM', 'KRISHNA',
              'NAV', 'BHARAT', 'TRIVENI', 'SIDDHI', 'MAHALAXMI', 'AGRAWAL', 'GUPTA', 'VERMA', 'YADAV', 'SINGH',
              'MISHRA', 'PURVANCHAL', 'ROHILKHAND', 'BUNDELKHAND', 'SANGAM', 'PRAYAG', 'AGRA', 'KANPUR', 'LUCKNOW',
              'VARANASI', 'GORAKH', 'MATHURA', 'AYODHYA', 'NAMAN', 'SHIV', 'SHYAM', 'BALAJI', 'HANUMAN', 'DURGA',
              'LAXMI', 'SARASWATI', 'ANNAPURNA', 'VINAYAK', 'GANESH', 'ADITYA', 'ARYAN', 'TIRUPATI', 'NEW INDIA',
              'R K', 'S S', 'A P', 'M K', 'J K', 'S K', 'P K', 'GLOBAL', 'UNIVERSAL', 'PIONEER', 'PRIME', 'ROYAL',
              'CITY', 'STAR', 'SUPREME', 'UNITED', 'GREEN', 'SMART', 'CYGNET', 'QUBIX', 'SAPIENS', 'OMKAAR',
              'KETAN', 'GOURIKA', 'PURNA', 'ANANTA', 'WINSURE', 'HEALTHIUM']
FIRM_TRADE = ['', '', '', 'MEDICAL', 'SURGICAL', 'MEDICARE', 'PHARMA', 'HEALTHCARE', 'COMPUTERS', 'INFOTECH',
              'SYSTEMS', 'ELECTRICALS', 'ELECTRONICS', 'FURNITURE', 'STATIONERS', 'BUILDERS', 'CONSTRUCTION',
              'AGRO', 'SECURITY', 'FACILITY', 'TRAVELS', 'UDYOG', 'STEEL', 'PLASTICS', 'SCIENTIFIC', 'SPORTS',
              'TEXTILES', 'POWER', 'SOLAR', 'AUTOMOBILES']
FIRM_KIND = ['ENTERPRISES', 'ENTERPRISES', 'TRADERS', 'TRADERS', 'SUPPLIERS', 'INDUSTRIES', 'SOLUTIONS', 'AGENCIES',
             'SERVICES', 'CORPORATION', 'AND COMPANY', 'PRIVATE LIMITED', 'PRIVATE LIMITED', 'LLP', 'HOUSE',
             'INTERNATIONAL']
#: where sellers are registered: mostly Uttar Pradesh
STATES = ['UTTAR PRADESH'] * 14 + ['DELHI', 'HARYANA', 'MAHARASHTRA', 'BIHAR', 'MADHYA PRADESH', 'RAJASTHAN']
ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

#: people: (Hindi, English)
FIRST_NAMES = [
    ('राजेश', 'Rajesh'), ('सुनीता', 'Sunita'), ('अनिल', 'Anil'), ('मनोज', 'Manoj'), ('आलोक', 'Alok'),
    ('रीना', 'Reena'), ('संजय', 'Sanjay'), ('प्रियंका', 'Priyanka'), ('अमित', 'Amit'), ('नीरज', 'Neeraj'),
    ('पूजा', 'Pooja'), ('विनोद', 'Vinod'), ('सीमा', 'Seema'), ('राकेश', 'Rakesh'), ('अंजलि', 'Anjali'),
    ('दिनेश', 'Dinesh'), ('कविता', 'Kavita'), ('अशोक', 'Ashok'), ('ममता', 'Mamta'), ('सुरेश', 'Suresh'),
    ('रेखा', 'Rekha'), ('अजय', 'Ajay'), ('नेहा', 'Neha'), ('प्रदीप', 'Pradeep'), ('शालिनी', 'Shalini'),
    ('विवेक', 'Vivek'), ('अर्चना', 'Archana'), ('राहुल', 'Rahul'), ('हरीश', 'Harish'), ('गीता', 'Geeta'),
    ('योगेश', 'Yogesh'), ('वन्दना', 'Vandana'), ('अखिलेश', 'Akhilesh'), ('सरिता', 'Sarita'),
    ('धर्मेन्द्र', 'Dharmendra'),
    ('अनुराधा', 'Anuradha'), ('रवि', 'Ravi'), ('ज्ञानेन्द्र', 'Gyanendra'), ('उमेश', 'Umesh'), ('स्मिता', 'Smita'),
]
SURNAMES = [
    ('कुमार', 'Kumar'), ('सिंह', 'Singh'), ('वर्मा', 'Verma'), ('यादव', 'Yadav'), ('मिश्रा', 'Mishra'),
    ('त्रिपाठी', 'Tripathi'), ('श्रीवास्तव', 'Srivastava'), ('गुप्ता', 'Gupta'), ('पाण्डेय', 'Pandey'),
    ('शुक्ला', 'Shukla'), ('दुबे', 'Dubey'), ('चौहान', 'Chauhan'), ('अग्रवाल', 'Agarwal'), ('सक्सेना', 'Saxena'),
    ('मौर्य', 'Maurya'), ('पटेल', 'Patel'), ('निषाद', 'Nishad'),
    ('कश्यप', 'Kashyap'), ('तिवारी', 'Tiwari'), ('चतुर्वेदी', 'Chaturvedi'), ('राय', 'Rai'), ('सोनकर', 'Sonkar'),
]
#: names that go together: (first names, surnames), one in eight people
MUSLIM_NAMES = ([('मोहम्मद आरिफ', 'Mohammad Arif'), ('इमरान', 'Imran'), ('शबाना', 'Shabana'), ('नाज़िया', 'Nazia'),
                 ('सलमान', 'Salman'), ('फ़रहाना', 'Farhana')],
                [('खान', 'Khan'), ('अंसारी', 'Ansari'), ('सिद्दीकी', 'Siddiqui'), ('क़ुरैशी', 'Qureshi')])
