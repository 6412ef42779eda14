/**
 * The invented houses of the demo boutique. Their identity lines and model names never use a word of the
 * planted taste vocabulary (see taste-groups.ts): an item only carries a taste feature through its own
 * attributes, so the ground truth stays exact.
 */
export interface Maison {
  readonly code: string;
  readonly name: string;
  readonly initials: string;
  /** The house colour of its placeholder images. */
  readonly accent: string;
  /** How large its share of the catalogue is. */
  readonly weight: number;
  readonly identity: readonly string[];
  readonly modelNames: readonly string[];
}

// prettier-ignore
export const maisons: readonly Maison[] = [
  {
    code: 'VTR',
    name: 'Maison Vautrin',
    initials: 'MV',
    accent: '#6b3e26',
    weight: 1.3,
    identity: [
      'Maison Vautrin has worked from its ateliers on the rue de Turenne since 1851.',
      'Each piece is cut and stitched by a single artisan in the Vautrin workshops outside Paris.',
      'A Vautrin piece carries the blind-stamped V, a mark unchanged since 1851.',
    ],
    modelNames: [
      'Marais', 'Turenne', 'Saintonge', 'Vosges', 'Sévigné', 'Archives', 'Temple', 'Béarn', 'Charlot',
      'Froissart', 'Pavée', 'Francs-Bourgeois', 'Debelleyme', 'Perche', 'Poitou', 'Picardie', 'Normandie',
      'Villehardouin', 'Commines', 'Beautreillis', 'Saint-Paul', 'Birague', 'Payenne', 'Rambuteau', 'Quincampoix',
    ],
  },
  {
    code: 'NOX',
    name: 'Atelier Nox',
    initials: 'NOX',
    accent: '#2b2b2e',
    weight: 1.1,
    identity: [
      'Atelier Nox was founded in Antwerp in 1994 by Ilse Varenne, who still drapes every prototype on the stand.',
      'Nox pieces are numbered inside, and no two seasons share a pattern.',
      'The house shows in Paris and cuts in Antwerp, in runs of a few hundred.',
    ],
    modelNames: [
      'Umbra', 'Eclipse', 'Monolith', 'Fold', 'Penumbra', 'Axis', 'Shard', 'Void', 'Strata', 'Vessel', 'Orbit',
      'Prism', 'Meridian', 'Halo', 'Cinder', 'Fracture', 'Drift', 'Tessera', 'Lumen', 'Arc', 'Spiral', 'Crater',
      'Veil', 'Quartz', 'Kiln',
    ],
  },
  {
    code: 'BEL',
    name: 'Sartoria Bellandi',
    initials: 'SB',
    accent: '#2d3e5c',
    weight: 1,
    identity: [
      'Sartoria Bellandi has cut suits in Naples since 1932; its jackets still take forty hours of hand work.',
      'Every Bellandi garment is basted and fitted by hand in the via Chiaia workroom.',
      "Bellandi buys its cloth only from mills within a day's drive of Biella and Como.",
    ],
    modelNames: [
      'Chiaia', 'Posillipo', 'Mergellina', 'Toledo', 'Vomero', 'Capri', 'Ischia', 'Procida', 'Sorrento',
      'Partenope', 'Santa Lucia', 'Caracciolo', 'Marechiaro', 'Pizzofalcone', 'Sannazaro', 'Petrarca', 'Manzoni',
      'Brera', 'Solferino', 'Palestro', 'Cavour', 'Medici', 'Foria', 'Nisida', 'Gaiola',
    ],
  },
  {
    code: 'DLM',
    name: 'Delorme Joaillier',
    initials: 'DJ',
    accent: '#8a6d1f',
    weight: 1,
    identity: [
      'Delorme has set stones on the place Vendôme since 1898.',
      'Every Delorme jewel is drawn in gouache before a single gram of metal is cut.',
      "The house's workshop still polishes each setting by hand, stone by stone.",
    ],
    modelNames: [
      'Vendôme', 'Castiglione', 'Joséphine', 'Opéra', 'Colonne', 'Tuileries', 'Ventadour', 'Capucines', 'Daunou',
      'Gaillon', 'Louvois', 'Mazarin', 'Richelieu', 'Palais', 'Orsay', 'Alma', 'Trocadéro', 'Iéna', 'Kléber',
      'Marceau', 'Étoile', 'Concorde', 'Madeleine', 'Hortense', 'Eugénie',
    ],
  },
  {
    code: 'RNC',
    name: 'Reinach Genève',
    initials: 'RG',
    accent: '#23395b',
    weight: 1,
    identity: [
      'Reinach has assembled watches in the Vallée de Joux since 1874, from calibres made in-house.',
      'Each Reinach movement is decorated, assembled and regulated by the same watchmaker.',
      'A Reinach is tested for twenty-one days in six positions before it leaves Geneva.',
    ],
    modelNames: [
      'Léman', 'Salève', 'Jura', 'Brassus', 'Sentier', 'Dôle', 'Chasseral', 'Vallorbe', 'Risoud', 'Marchairuz',
      'Bise', 'Joux', 'Rhône', 'Arve', 'Cologny', 'Plainpalais', 'Carouge', 'Versoix', 'Nyon', 'Morges', 'Coppet',
      'Vevey', 'Montreux', 'Lavaux', 'Orbe',
    ],
  },
  {
    code: 'AMN',
    name: 'Ambre Nomade',
    initials: 'AN',
    accent: '#7a4a2a',
    weight: 1.2,
    identity: [
      'Ambre Nomade composes its perfumes in Grasse, in batches small enough to macerate for eight weeks.',
      'The house was founded in 2009 by the perfumer Soraya Bensaïd after twenty years of travel.',
      'Each bottle is filled and numbered by hand in Grasse.',
    ],
    modelNames: [
      'Nuit de Palmyre', 'Route de Samarcande', 'Jardin de Fès', 'Thé à Tanger', "Palais d'Hiver",
      'Mirage de Siwa', 'Oasis Perdue', 'Minuit à Mascate', "Poussière d'Étoiles", 'Caravansérail',
      'Marché aux Épices', 'Vent du Sud', "Éclat d'Orient", 'Aube à Pétra', 'Lune de Tozeur', 'Nomade Céleste',
      "Ciel d'Alep", 'Dunes de Merzouga', 'Île de Socotra', 'Chemin de Tyr', 'Porte de Damas',
      "Voile d'Ispahan", 'Souk de Marrakech', 'Rêve de Zanzibar', 'Nuit à Louxor',
    ],
  },
  {
    code: 'SOL',
    name: 'Casa Solmare',
    initials: 'CS',
    accent: '#c0603a',
    weight: 1,
    identity: [
      'Casa Solmare began in 1961 as a small shop in Positano printing its own fabrics.',
      "Solmare's prints are still engraved on copper rollers and printed by hand.",
      'Every Solmare piece is cut to be packed, worn creased and loved for years.',
    ],
    modelNames: [
      'Positano', 'Praiano', 'Furore', 'Ravello', 'Atrani', 'Maiori', 'Conca', 'Nerano', 'Marina', 'Fornillo',
      'Arienzo', 'Laurito', 'Li Galli', 'Sirenuse', 'Vettica', 'Montepertuso', 'Nocelle', 'Tramonti', 'Cetara',
      'Minori', 'Scala', 'Agerola', 'Bomerano', 'Erchie', 'Recommone',
    ],
  },
  {
    code: 'HLD',
    name: 'Halden',
    initials: 'H',
    accent: '#b3262e',
    weight: 1,
    identity: [
      "Halden was founded in St. Moritz in 1972 to dress the Engadin's ski instructors.",
      'Every Halden piece is tested on the Corvatsch glacier before it goes into production.',
      'The house makes its garments in two small factories in Graubünden and Trentino.',
    ],
    modelNames: [
      'Corvatsch', 'Diavolezza', 'Muottas', 'Bernina', 'Julier', 'Albula', 'Maloja', 'Silvaplana', 'Sils',
      'Pontresina', 'Celerina', 'Samedan', 'Morteratsch', 'Lagalb', 'Palü', 'Roseg', 'Fex', 'Suvretta',
      'Chantarella', 'Marguns', 'Zuoz', 'Flüela', 'Piz Nair', 'Bever', 'Madulain',
    ],
  },
  {
    code: 'LYC',
    name: 'Lysander & Crewe',
    initials: 'L&C',
    accent: '#3f4a2c',
    weight: 1,
    identity: [
      'Lysander & Crewe has dressed riders and country houses from Jermyn Street since 1887.',
      'Lysander & Crewe still cuts every pattern by hand in its London workroom.',
      'Each Lysander & Crewe piece is finished in Northamptonshire or the Scottish Borders.',
    ],
    modelNames: [
      'Jermyn', 'Ascot', 'Badminton', 'Cheltenham', 'Hurlingham', 'Cowdray', 'Goodwood', 'Burghley', 'Belvoir',
      'Quorn', 'Cottesmore', 'Pytchley', 'Beaufort', 'Blenheim', 'Chatsworth', 'Hampton', 'Windsor', 'Epsom',
      'Newmarket', 'Aintree', 'Sandown', 'Kempton', 'Henley', 'Wetherby', 'Lambourn',
    ],
  },
  {
    code: 'CEL',
    name: 'Maison Célestine',
    initials: 'MC',
    accent: '#b87a8a',
    weight: 0.9,
    identity: [
      'Maison Célestine opened its salon on avenue Montaigne in 1947 and still makes to measure.',
      "Célestine's embroidery is worked by hand in the house's own atelier in Lunéville.",
      'Every Célestine gown is fitted three times before it leaves the salon.',
    ],
    modelNames: [
      'Montaigne', 'Bagatelle', 'Trianon', 'Pompadour', 'Juliette', 'Camille', 'Mathilde', 'Ondine', 'Sylphide',
      'Giselle', 'Coppélia', 'Aurore', 'Colombine', 'Clair de Lune', 'Valse', 'Musette', 'Ballerine', 'Duchesse',
      'Opaline', 'Ophélie', 'Séraphine', 'Adèle', 'Gabrielle', 'Solène', 'Mélisande',
    ],
  },
];
