import type { Random } from './random.js';

/**
 * The people of the demo boutique: a multilingual client book as an international house has one, with
 * names written as clients write them (accents, particles, family name first where that is the custom).
 */
export interface Culture {
  readonly code: string;
  readonly women: readonly string[];
  readonly men: readonly string[];
  readonly families: readonly string[];
  readonly familyFirst: boolean;
  readonly emailDomains: readonly string[];
  /** A phone number pattern: each # is a random digit. */
  readonly phone: string;
}

// prettier-ignore
export const cultures: readonly Culture[] = [
  { code: 'fr', familyFirst: false, phone: '+33 6 ## ## ## ##', emailDomains: ['orange.fr', 'gmail.com', 'free.fr', 'icloud.com'],
    women: ['Éloïse', 'Camille', 'Inès', 'Margaux', 'Hélène', 'Clémence', 'Joséphine', 'Anaïs', 'Solène', 'Agathe', 'Béatrice', 'Léa', 'Capucine', 'Victoire', 'Noémie'],
    men: ['Étienne', 'Louis', 'Aurélien', 'Benoît', 'Grégoire', 'Thibault', 'Hugo', 'Mathis', 'François', 'Jérôme'],
    families: ['de La Rochefoucauld', 'Lefèvre', 'Château', 'Dubois', 'Moreau', 'Garnier', 'Rousseau', 'Fontaine', "d'Aubigné", 'Mercier', 'Lemaître', 'Faure', 'Bérénger', 'Delacroix', 'Girard'] },
  { code: 'it', familyFirst: false, phone: '+39 3## ### ####', emailDomains: ['libero.it', 'gmail.com', 'tiscali.it'],
    women: ['Giulia', 'Francesca', 'Chiara', 'Ludovica', 'Beatrice', 'Alessandra', 'Vittoria', 'Ginevra', 'Caterina', 'Bianca'],
    men: ['Lorenzo', 'Alessandro', 'Niccolò', 'Federico', 'Tommaso', 'Giacomo', 'Matteo', 'Riccardo'],
    families: ['Bianchi', 'Ferrari', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Visconti', 'Sforza', 'Orsini'] },
  { code: 'en', familyFirst: false, phone: '+44 7### ######', emailDomains: ['btinternet.com', 'gmail.com', 'outlook.com'],
    women: ['Charlotte', 'Olivia', 'Harriet', 'Imogen', 'Georgina', 'Eleanor', 'Florence', 'Philippa', 'Amelia', 'Sophie'],
    men: ['Hugo', 'Oliver', 'Rupert', 'Henry', 'Edward', 'James', 'Alexander', 'William'],
    families: ['Ashworth', 'Fitzgerald', 'Pemberton', 'Hargreaves', 'Whitmore', 'Cavendish', 'Spencer', 'Holloway', 'Sinclair', "O'Brien", 'Thornton', 'Blackwood', 'Kensington', 'Wren'] },
  { code: 'us', familyFirst: false, phone: '+1 (212) ###-####', emailDomains: ['gmail.com', 'yahoo.com', 'icloud.com'],
    women: ['Madison', 'Lauren', 'Caroline', 'Whitney', 'Brooke', 'Kendall', 'Alexis', 'Morgan'],
    men: ['Carter', 'Bradley', 'Tyler', 'Jackson', 'Preston', 'Hunter'],
    families: ['Whitaker', 'Vanderbilt', 'Sullivan', 'Harrington', 'Goldberg', 'Rodriguez', 'Kim', 'Peterson', 'Callahan', 'Ellison'] },
  { code: 'ja', familyFirst: false, phone: '+81 90-####-####', emailDomains: ['docomo.ne.jp', 'yahoo.co.jp', 'gmail.com'],
    women: ['Haruka', 'Yui', 'Aoi', 'Sakura', 'Mei', 'Hina', 'Rin', 'Misaki', 'Yuko', 'Emi'],
    men: ['Haruto', 'Ren', 'Kenji', 'Takumi', 'Sota', 'Daiki', 'Hiroshi'],
    families: ['Yamamoto', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Nakamura', 'Kobayashi', 'Saitō', 'Katō', 'Itō', 'Matsumoto', 'Inoue'] },
  { code: 'ar', familyFirst: false, phone: '+971 50 ### ####', emailDomains: ['gmail.com', 'hotmail.com', 'emirates.net.ae'],
    women: ['Layla', 'Noura', 'Fatima', 'Mariam', 'Aisha', 'Hessa', 'Reem', 'Salma', 'Yasmin', 'Dana'],
    men: ['Omar', 'Khalid', 'Rashid', 'Faisal', 'Hamdan', 'Saeed', 'Youssef'],
    families: ['Al-Mansouri', 'Al Maktoum', 'Al-Hashimi', 'Al Nahyan', 'Haddad', 'Khoury', 'Al-Qasimi', 'Al Suwaidi', 'Nasser', 'El-Amin', 'Al Falasi', 'Saab'] },
  { code: 'zh', familyFirst: true, phone: '+86 13# #### ####', emailDomains: ['qq.com', '163.com', 'gmail.com'],
    women: ['Meiling', 'Xiaoyu', 'Jingyi', 'Yutong', 'Shuhan', 'Xinyi', 'Ruoxi', 'Zihan', 'Wanting', 'Lihua'],
    men: ['Haoran', 'Zihao', 'Yichen', 'Junjie', 'Wei', 'Jiahao', 'Mingyu'],
    families: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Zhou', 'Wu', 'Xu', 'Sun', 'Lin', 'Guo'] },
  { code: 'de', familyFirst: false, phone: '+41 79 ### ## ##', emailDomains: ['bluewin.ch', 'gmx.de', 'gmail.com'],
    women: ['Annika', 'Leonie', 'Charlotte', 'Friederike', 'Johanna', 'Mia', 'Sophia', 'Greta'],
    men: ['Maximilian', 'Felix', 'Lukas', 'Konstantin', 'Jonas', 'Moritz'],
    families: ['Müller', 'Schneider', 'Fischer', 'Weiß', 'von Arnim', 'Hoffmann', 'Schäfer', 'Köhler', 'Zimmermann', 'Brändli', 'Keller'] },
  { code: 'es', familyFirst: false, phone: '+34 6## ### ###', emailDomains: ['telefonica.es', 'gmail.com', 'hotmail.es'],
    women: ['Lucía', 'Carmen', 'Sofía', 'Marta', 'Inés', 'Paloma', 'Valentina', 'Ximena'],
    men: ['Alejandro', 'Javier', 'Íñigo', 'Santiago', 'Álvaro', 'Diego'],
    families: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Núñez', 'Ortega', 'Domínguez', 'Castaño', 'de la Vega'] },
  { code: 'ko', familyFirst: true, phone: '+82 10-####-####', emailDomains: ['naver.com', 'daum.net', 'gmail.com'],
    women: ['Min-ji', 'Seo-yeon', 'Ji-woo', 'Ha-eun', 'Soo-ah', 'Yoon-seo'],
    men: ['Min-jun', 'Seo-jun', 'Ji-ho', 'Do-yun'],
    families: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Yoon', 'Han'] },
  { code: 'ru', familyFirst: false, phone: '+7 9## ###-##-##', emailDomains: ['yandex.ru', 'mail.ru', 'gmail.com'],
    women: ['Anastasia', 'Ekaterina', 'Natalia', 'Daria', 'Ksenia', 'Polina'],
    men: ['Dmitri', 'Alexei', 'Sergei', 'Nikolai'],
    families: ['Ivanova', 'Petrova', 'Sokolova', 'Volkova', 'Morozova', 'Orlova'] },
];

export interface Store {
  readonly name: string;
  /** Hours from UTC, so boutique visits fall within opening hours. */
  readonly utcOffset: number;
  /** Who walks in: culture code -> weight. */
  readonly clientele: Readonly<Record<string, number>>;
  readonly associates: readonly string[];
  readonly weight: number;
}

// prettier-ignore
export const stores: readonly Store[] = [
  { name: 'Paris Faubourg Saint-Honoré', utcOffset: 1, weight: 1.4, associates: ['Céline Marchand', 'Julien Roux', 'Amira Benali'],
    clientele: { fr: 6, en: 1, us: 1.5, zh: 1.2, ar: 1, ja: 0.8, de: 0.6, es: 0.5, ru: 0.4, ko: 0.5, it: 0.6 } },
  { name: 'Paris Avenue Montaigne', utcOffset: 1, weight: 1, associates: ['Sophie Lambert', 'Karim Haddad', 'Mei Tanaka'],
    clientele: { fr: 4, ar: 1.5, zh: 1.5, us: 1.2, ru: 0.6, ko: 0.8, ja: 0.6, it: 0.5 } },
  { name: 'Milano Montenapoleone', utcOffset: 1, weight: 1, associates: ['Francesca Moretti', 'Davide Rinaldi', 'Elena Costa'],
    clientele: { it: 7, fr: 0.6, de: 0.8, ru: 0.6, zh: 0.8, us: 0.6, es: 0.5, ar: 0.5 } },
  { name: 'London Bond Street', utcOffset: 0, weight: 1.1, associates: ['Victoria Hale', 'Tom Ashby', 'Priya Raman'],
    clientele: { en: 6, us: 1, ar: 1.2, zh: 0.8, ru: 0.6, fr: 0.6, it: 0.4, ja: 0.4 } },
  { name: 'Tokyo Ginza', utcOffset: 9, weight: 0.9, associates: ['Aiko Fujimoto', 'Kenta Ishikawa', 'Naomi Sato'],
    clientele: { ja: 8, zh: 1.2, ko: 1, us: 0.4, fr: 0.3 } },
  { name: 'Dubai Mall', utcOffset: 4, weight: 0.9, associates: ['Rania Khalil', 'Omar Siddiqui', 'Chloé Bernard'],
    clientele: { ar: 7, en: 0.8, ru: 0.8, fr: 0.5, zh: 0.6, es: 0.2 } },
  { name: 'Shanghai Plaza 66', utcOffset: 8, weight: 0.9, associates: ['Lin Jia', 'Zhou Yifan', 'Grace Wong'],
    clientele: { zh: 9, ko: 0.6, ja: 0.4, us: 0.3 } },
  { name: 'New York Madison Avenue', utcOffset: -5, weight: 1, associates: ['Jessica Morales', 'Daniel Cohen', 'Ashley Park'],
    clientele: { us: 7, en: 0.6, es: 0.8, fr: 0.5, it: 0.4, ko: 0.4, zh: 0.5 } },
  { name: 'Genève Rue du Rhône', utcOffset: 1, weight: 0.7, associates: ['Nicolas Favre', 'Laura Meier', 'Yasmine Gharbi'],
    clientele: { de: 4, fr: 3, it: 1, ru: 1, ar: 1, en: 0.6, zh: 0.6 } },
];

/** ASCII for e-mail addresses: accents dropped, particles and punctuation removed. */
export function asciiFold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function fillDigits(pattern: string, random: Random): string {
  return pattern.replace(/#/g, () => String(random.int(10)));
}
