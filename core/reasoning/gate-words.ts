/**
 * The common words of the catalog's languages (English, French, Italian) that the plausibility gate accepts
 * besides the feature vocabulary and the catalog's own words: function words, and the words an associate or a
 * model uses to speak of clients, taste, occasions and craft. Folded (lower case, no accents), one form per
 * word; the gate tries plural and -ed/-ing/-ly/-er endings itself. Compact on purpose: a word missing here
 * costs a real model's answer little (the catalog's words and the vocabulary are accepted too), while a list
 * of every short string would let gibberish through.
 */
// prettier-ignore
export const englishWords = `
a about above across after again against all almost alone along already also although always am among an and
another any anyone anything anywhere are around as at away back be because become been before behind being
below beside besides best better between beyond both but by can cannot could did do does doing done down during
each either else enough even ever every everyone everything except far few for from further get gets give given
go goes going had has have having he her here hers herself him himself his how however i if in inside instead
into is it its itself just least less like likely little lot lots many may maybe me might mine more most mostly
much must my myself near nearly neither never next no none nor not nothing now of off often on once one only
onto or other others otherwise our ours ourselves out outside over own per perhaps quite rather really same
she should since so some someone something sometimes soon still such than that the their theirs them themselves
then there these they thing things this those though through throughout thus to together too toward towards
under unless until up upon us very via was we well were what whatever when whenever where whether which while
who whoever whole whom whose why will with within without would yet you your yours yourself
able accent accented accessible accessorise accessorize active add added adore adores adorn adventurous aesthetic
affluent afford age aged air airy allure alluring ambitious ample anniversary anyone appeal appeals appreciate
appreciates appreciation approach appropriate arm art artful artisan artist artistic attention attitude
attractive structure authentic avoid avoids aware balance balanced bare base based basic beautiful beauty become bespoke
big birthday blend blends body book boutique brand branded bright brilliant bring brings budget build built
business busy buy buyer buyers buying calm capsule care cared carry carries casual celebrate celebration centre
chain change character charm charming cheap chic choice choose chosen city classical clean clear client
clientele clients close closet clothes clothing cold collect collected collection collector collectors colour
colourful colours comfort comfortable commit common complement complete complex confidence confident
connoisseur conservative consider considered contemporary contrast contrasting conventional cool cosmopolitan
cost couture cozy craft crafted craftsmanship create creative crisp cultivated cultured curated curious current
custom customer customers cut cute daily dainty daring dark date day days decorative deep define defined
defining delicate design designed designer designs detail detailed details different discerning discreet
discretion display distinct distinctive dramatic dress dressed dresser dressing dressy durable ease easy eclectic
edge effortless elaborate elegance elegant elevated embellishment emerging enduring enjoy enjoys ensemble
entertain entertaining entry especially essential essentials event events evergreen everyday exclusive
exclusivity expensive experience expressive exquisite extravagant eye fabric fabrics face family fan fans fancy
fashion fashionable fashionista favour favours favourite feature features feel feeling female festive fine
finish finishing first fit fits fitted flair flashy flat flattering flexible flowing focus follow follower
followers fond form formal formality fragile frame free friend friends fun function functional fuss fussy
garment garments gentle genuine gift gifts girl gives glance glow golden good gorgeous graceful grand great
guest guests habit hand hands handle hard heavy height high hint history hold home homage hot house idea ideal
image important impress impression individual individualist industrial inspired inspiration intense interest
interested interests intricate investment item items jet keep key kind knows lady large last lasting late
layer layering layers lean lifestyle light lightweight limited line lines lines lively long look looking looks
loose loud love loved lover lovers loves low loyal luxe luxurious luxury made main maker make making male manner
market masculine match matching material materials mature meaning measured men mid mind minimal minor mix mixed
modern modest moment money mood muted name natural nature need needs new nice night noble nostalgia nostalgic
note notice novelty object occasion occasional occasions odd old open option options order ordinary original
ornament ornamental ornate outfit outfits overall pair palette paris particular pass passion pattern patterned
patterns people perfect person personal personality piece pieces place plain play pleasure polish polished
poised popular portable practical precious precise prefer preference preferences prefers premium presence
pretty price priced prices pricey print prints private prize prized product proper proportion proportions
proud pure purchase purchased purchases purpose quality quiet range rare ready real reason recent recently
refined refinement relaxed reliable remain reserved rich right romance room rough round routine rugged safe
sale sales seasonal seasonless second see seek seeker seekers seeking seeks sense sensible sensual serious set
setting shape shaped shapes share shared sharp shine shiny shop shopper shopping short show showy signature
silhouette silhouettes simple simplicity sized skin sleek slim small smart smooth social soft solid
sophisticated sophistication special splurge sport standard staple staples statement status stay style styled
styles styling stylish subtle success suit suited suits summer sunny superb sure sweet swing tactile taste
tastes texture textured textures thin timeless together tone tones touch traditional traditionalist
transitional trend trendy trends trip true try trying type understated unexpected unique unusual urban use
useful usual value values variety versatile versatility vibrant view vintage visible visit want wants wardrobe
warm wear wearable wearer wearers wearing wears weather week wide wish wishes wishlist woman women wore work
worn worth wrap year years young youthful zest
not dislike dislikes dislike hate hates hated avoid pass passing passes skip would love prefer find found
may might think thinks feel feels seem seems see sees want wanted need needed looking look looks choose chose
bought buy buys tried try tries returned return returns viewed view views wished wish wishes kept keep keeps
those these them their people someone anyone everyone who whom whose which what read reads unknown
history yet far lighter stronger strong neutrals mostly often over
`;

// prettier-ignore
export const frenchWords = `
ce ces cet celle celles celui ceux souple souples rigide rigides trouve pieces
le la les un une des du de d l et ou mais donc or ni car que qui quoi dont ou au aux en dans sur sous avec sans
pour par chez entre vers ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos il elle
ils elles on nous vous je tu se ne pas plus moins tres tout toute tous toutes aussi bien mal peu beaucoup trop
est sont etre avoir a ont fait faire aime aiment aimer adore adorent prefere preferent cherche cherchent porte
porter portent trouve trouvent veut veulent client cliente clients clientes femme femmes homme hommes
elegant elegante elegance chic classique moderne intemporel intemporelle raffine raffinee luxe luxueux
luxueuse piece pieces sac sacs cuir soie laine cachemire coton lin or argent noir noire blanc blanche rouge
bleu bleue vert verte rose beige gris grise marron fauve sobre discret discrete audacieux audacieuse
romantique boheme minimaliste sportif sportive soiree soir jour quotidien quotidienne voyage cadeau mariage
bureau weekend ete hiver printemps automne collection maison atelier savoir faire artisanal artisanale fait main
cousu cousue brode brodee matelasse tresse grave perle diamant bijou bijoux montre parfum foulard carre ceinture
chaussure chaussures botte bottes escarpin robe veste manteau chemise jupe pantalon pull gant gants
`;

// prettier-ignore
export const italianWords = `
quelle quelli quella rigida rigido morbida morbido morbide trova trovano
il lo la i gli le un uno una di da del della dei degli delle al alla ai agli alle in con su per tra fra e ed o
ma che chi cui non piu meno molto molta molti molte poco tutto tutta tutti tutte anche come quando dove questo
questa questi queste quello quella suo sua suoi sue loro mio mia nostro vostro lei lui noi voi si ci ne
essere avere ha hanno fatto fare ama amano amare adora adorano preferisce preferiscono cerca cercano porta
portare portano vuole vogliono cliente clienti donna donne uomo uomini elegante eleganza classico classica
moderno moderna raffinato raffinata lusso lussuoso lussuosa pezzo pezzi borsa borse pelle seta lana cashmere
cotone lino oro argento nero nera bianco bianca rosso rossa blu verde rosa grigio grigia marrone sobrio sobria
discreto discreta audace romantico romantica minimalista sportivo sportiva sera giorno quotidiano quotidiana
viaggio regalo matrimonio ufficio estate inverno primavera autunno collezione casa fatto mano artigianale
cucito cucita ricamato ricamata intrecciato intrecciata inciso perla diamante gioiello gioielli orologio
profumo sciarpa foulard cintura scarpa scarpe stivale stivali decollete abito giacca cappotto camicia gonna
pantaloni maglione guanti
`;

/**
 * French and Italian taste words the feature vocabulary (English, with a few French aliases) does not list: a
 * phrase with one of them speaks of taste as surely as its English term does, so it counts as grounded.
 */
// prettier-ignore
export const foreignTasteWords = new Set([
  'cuir', 'soie', 'laine', 'cachemire', 'coton', 'lin', 'argent', 'noire', 'blanche', 'rouge', 'bleu', 'bleue',
  'vert', 'verte', 'rose', 'gris', 'grise', 'marron', 'classique', 'intemporel', 'intemporelle', 'sobre', 'sac',
  'robe', 'veste', 'manteau', 'montre', 'parfum', 'foulard', 'ceinture', 'soiree', 'bijou', 'brode', 'brodee',
  'matelasse', 'tresse', 'perle', 'diamant', 'minimaliste', 'romantique', 'boheme',
  'pelle', 'seta', 'lana', 'cotone', 'lino', 'oro', 'argento', 'nero', 'nera', 'bianco', 'bianca', 'rosso',
  'rossa', 'verde', 'grigio', 'grigia', 'classico', 'classica', 'borsa', 'abito', 'giacca', 'cappotto',
  'orologio', 'profumo', 'sciarpa', 'cintura', 'sera', 'gioiello', 'ricamato', 'intrecciato', 'perla',
  'diamante', 'sobrio', 'sobria', 'elegante', 'raffinato', 'raffinata', 'raffine', 'raffinee',
]);
