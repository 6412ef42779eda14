/**
 * The words the descriptions are written with. Every phrase keyed by a style, material, colour, occasion
 * or detail names that attribute and no other attribute of the taste vocabulary, so that a word of the
 * vocabulary appears in an item's text exactly when the item has it (the demo test checks this).
 */

/** Two or three sentences per style, each naming the style as it will appear among item features. */
// prettier-ignore
export const styleSentences: Readonly<Record<string, readonly string[]>> = {
  structured: [
    'Its structured lines hold their shape from the first appointment of the day to the last.',
    'A structured silhouette that keeps its line from morning to night.',
    'The structured shape is set by hand, so it never slumps with use.',
  ],
  minimalist: [
    'Minimalist to the last detail: no logo and nothing that does not earn its place.',
    'A minimalist design that lets the material do the talking.',
    'Pared back and minimalist, it is the piece one reaches for without thinking.',
  ],
  bohemian: [
    'A bohemian ease runs through it: loose, light and made to move.',
    'Bohemian in spirit, it looks best a little undone.',
    'There is something bohemian about its slouch, as if it had always been in the wardrobe.',
  ],
  sporty: [
    'Sporty in cut and engineered for movement, it shrugs off wind and rain.',
    'A sporty piece with the finish of a city one.',
    'Its sporty construction keeps it light on long days outside.',
  ],
  'art deco': [
    'The geometry is pure art deco: stepped lines, strict symmetry and sharp contrast.',
    'An art deco motif of stepped arches frames the centre.',
    'Drawn from the house archives of the 1920s, its lines are unmistakably art deco.',
  ],
  sculptural: [
    'Sculptural volumes make it a piece to be looked at as much as worn.',
    'Its sculptural form was modelled in clay before it was ever cut.',
    'A sculptural line curves away from the body and catches the light.',
  ],
  romantic: [
    'Romantic and soft in every line.',
    'A romantic piece with a delicate hand-finished edge.',
    'Quietly romantic, it recalls a ball at the turn of the century.',
  ],
  classic: [
    'A classic that will not date, worn the same way for decades.',
    'Classic proportions, refined over three generations of the house.',
  ],
  'avant-garde': [
    'Avant-garde in construction, it questions where a piece begins and ends.',
    'An avant-garde cut: seams turned outward and proportions deliberately off balance.',
  ],
  tailored: [
    'Tailored close to the body, with a hand-padded chest and a soft shoulder.',
    'Precisely tailored, it follows the line of the body without clinging.',
  ],
  equestrian: [
    'Equestrian codes run through it: a stirrup buckle, saddle stitching and a riding cut.',
    'Its equestrian heritage shows in the saddle stitching and the stirrup hardware.',
  ],
  relaxed: [
    'Relaxed and unhurried, it is made for long lunches and slow afternoons.',
    'A relaxed cut that packs flat and comes out of the suitcase ready to wear.',
  ],
  vintage: [
    'Its vintage proportions come straight from a 1950s reference in the house museum.',
    'A vintage look, down to the domed crystal and the hand-applied indices.',
  ],
  opulent: [
    'Opulent and enveloping, it lingers for hours.',
    'An opulent piece, rich and generous, made to be noticed.',
  ],
  fresh: ['Fresh and luminous, like a morning window thrown open.', 'A fresh, sparkling composition.'],
  powdery: ['Powdery and soft, like a kid glove kept in a drawer.', 'A powdery veil that sits close to the skin.'],
  woody: ['Woody and dry, with the warmth of a cedar chest.', 'A woody trail, quiet but persistent.'],
};

/** How a description names each material or fragrance note. */
// prettier-ignore
export const materialPhrases: Readonly<Record<string, string>> = {
  leather: 'full-grain calf leather', suede: 'velvety suede', canvas: 'coated canvas', cashmere: 'Mongolian cashmere',
  wool: 'Super 130s wool', silk: 'silk twill', linen: 'washed linen', cotton: 'cotton poplin', tweed: 'Harris tweed',
  lace: 'Calais lace', velvet: 'plush velvet', tulle: 'fine tulle', nylon: 'recycled nylon', mesh: 'breathable mesh',
  neoprene: 'bonded neoprene', raffia: 'hand-woven raffia', gold: '18-carat gold', platinum: 'platinum',
  silver: 'sterling silver', steel: 'brushed steel', titanium: 'grade 5 titanium', ceramic: 'polished ceramic',
  rubber: 'vulcanised rubber', diamond: 'brilliant-cut diamond', onyx: 'polished onyx', pearl: 'Akoya pearl',
  emerald: 'Colombian emerald', sapphire: 'Ceylon sapphire', ruby: 'Burmese ruby',
  oud: 'Laotian oud', amber: 'warm amber', incense: 'Somalian incense', rose: 'Bulgarian rose',
  vanilla: 'Madagascan vanilla', sandalwood: 'Mysore sandalwood', saffron: 'saffron', bergamot: 'Calabrian bergamot',
  neroli: 'Tunisian neroli', fig: 'green fig', vetiver: 'Haitian vetiver', mandarin: 'mandarin',
  'green tea': 'green tea', iris: 'Florentine iris', tuberose: 'Indian tuberose', violet: 'violet leaf',
  cedar: 'Atlas cedar', musk: 'clean musk',
};

/** What a placeholder image paints for each colour. */
// prettier-ignore
export const colourSwatches: Readonly<Record<string, string>> = {
  black: '#1b1b1d', white: '#f3f3f0', ivory: '#eee6d3', cognac: '#9a4e1f', tan: '#c18a5a', camel: '#c19a6b',
  navy: '#1f2a44', grey: '#8a8d91', burgundy: '#6d1a2a', olive: '#6b6b3a', blush: '#e8b4b8', red: '#b3202a',
  terracotta: '#c0603a', sand: '#d8c3a0', turquoise: '#2fa3a3', blue: '#2a4f9e', green: '#2f6b48',
  brown: '#5a3a24', cream: '#f1e6cc', champagne: '#e6d3a8', salmon: '#e7a184',
};

/** How a sentence names each occasion. */
// prettier-ignore
export const occasionPhrases: Readonly<Record<string, string>> = {
  everyday: 'everyday wear', office: 'the office', evening: 'an evening out', cocktail: 'cocktail hour',
  weekend: 'the weekend', travel: 'travel', resort: 'resort days by the sea', wedding: 'a wedding',
  ceremony: 'a ceremony', gala: 'a gala', outdoor: 'outdoor days in the mountains', home: 'quiet nights at home',
};

/** Prints and complications, as they appear in a description. */
// prettier-ignore
export const detailSentences: Readonly<Record<string, string>> = {
  paisley: 'The paisley print is drawn from a 1960s archive and printed in eleven screens.',
  floral: 'The floral print was painted in gouache by the house studio.',
  stripe: 'A fine stripe runs across it, printed by hand.',
  houndstooth: 'Woven in a small houndstooth, it reads as a plain from a distance.',
  check: 'A discreet check is woven into the cloth.',
  'moon phase': 'A moon phase at six o’clock needs one correction every 122 years.',
  'small seconds': 'A small seconds counter sits at six o’clock.',
  chronograph: 'The chronograph is driven by a column wheel, so its pushers start and stop with a crisp click.',
};

/** Construction and finishing, by the second level of the category path. Free of taste words. */
// prettier-ignore
export const craftSentences: Readonly<Record<string, readonly string[]>> = {
  Bags: ['Inside, a zipped pocket and a slot for a phone; the edges are painted by hand in seven coats.',
    'The handles are rolled and stitched by hand, and the base stands on four polished feet.'],
  'Small leather goods': ['Six card slots and a flat pocket for notes, with edges painted by hand.'],
  Belts: ['The buckle is cast in solid brass and palladium-plated.'],
  Travel: ['It takes a weekend of clothes and fits in an overhead locker.'],
  Loafers: ['Blake-stitched on a slim sole, it needs no breaking in.'],
  Boots: ['Goodyear-welted, so it can be resoled for decades.', 'A pull-on shape with a stacked heel.'],
  Mules: ['The heel is carved from a single block and lacquered.'],
  Sneakers: ['A cushioned sole made in Italy, stitched rather than glued.'],
  Sandals: ['The footbed is shaped by hand and lined for comfort.'],
  Espadrilles: ['The jute sole is braided and stitched by hand in the Basque country.'],
  Brogues: ['Goodyear-welted on a 1930s last, with hand-punched broguing.'],
  Pumps: ['An 85 mm heel on a pointed last, with a padded insole.'],
  Jackets: ['The buttonholes are sewn by hand and the sleeves are set high for movement.',
    'Half-lined so it breathes, with a hand-sewn collar.'],
  Coats: ['A generous cut that fits over a jacket, with deep patch pockets.'],
  Dresses: ['Fully lined, with an invisible zip and a hem finished by hand.',
    'Cut on the bias so it falls close to the body.'],
  Tops: ['Mother-of-pearl buttons and French seams throughout.'],
  Trousers: ['A high rise, side adjusters and a hand-finished hem.'],
  Suits: ['The jacket is canvassed and the trousers are cut with a single pleat.'],
  Knitwear: ['Knitted on hand-operated frames in Scotland and linked by hand.'],
  Shirts: ['A soft collar, mother-of-pearl buttons and single-needle seams.'],
  Outerwear: ['Taped seams, a two-way zip and a hood that packs into the collar.'],
  Scarves: ['The edges are rolled and stitched by hand.'],
  Eyewear: ['Category 3 lenses with full UV protection, in a frame weighing 18 grams.'],
  Gloves: ['Cut and sewn by hand in Millau.'],
  Rings: ['Every stone is set by hand under the loupe.', 'The shank is shaped for comfort on the finger.'],
  Necklaces: ['The chain is adjustable at two lengths.', 'Each link is soldered and polished by hand.'],
  Earrings: ['The posts are fitted for pierced ears, with secure butterfly backs.'],
  Bracelets: ['A concealed clasp with a double safety catch.'],
  Brooches: ['A double pin and a safety catch keep it in place on a lapel.'],
  Chronographs: ['Water-resistant to 100 metres, with a 60-hour power reserve.'],
  'Dress watches': ['A slim self-winding calibre with a 70-hour power reserve.'],
  'Sports watches': ['Water-resistant to 300 metres, with a unidirectional bezel.'],
  'Jewellery watches': ['A quartz movement keeps the case slim enough to wear under a cuff.'],
  'Eau de parfum': ['Composed in Grasse and macerated for eight weeks before bottling.'],
  'Extrait de parfum': ['An extrait at 25% concentration, to be worn by the drop.'],
  Home: ['Poured by hand in Grasse, with a cotton wick that burns for 50 hours.'],
};
