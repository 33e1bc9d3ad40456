/**
 * Name pools for the synthetic population. Common first names and surnames,
 * combined at random, so no entry describes a real person. Spanish spellings
 * keep their accents, ñ and ü on purpose: the MRZ must transliterate them
 * (ICAO 9303 Part 3 §6) and the QR must carry them as Latin-1 (reference §3.3).
 * Every character here is in ISO-8859-1; test/synthetic/citizens checks it.
 */

export const CHILEAN_GIVEN_NAMES = {
  F: [
    'Camila', 'Valentina', 'Sofía', 'Martina', 'Isidora', 'Florencia', 'Constanza', 'Javiera', 'Catalina',
    'Fernanda', 'Antonia', 'Josefa', 'Agustina', 'Begoña', 'Inés', 'Ximena', 'Ángela', 'María', 'Rocío',
    'Belén', 'Maite', 'Trinidad', 'Amanda', 'Emilia', 'Renata', 'Dafne', 'Millaray', 'Ayelén', 'Anahí',
    'Leticia', 'Paz', 'Mónica', 'Verónica', 'Carolina', 'Pía', 'Francisca', 'Soledad', 'Araceli',
  ],
  M: [
    'Matías', 'Benjamín', 'Vicente', 'Martín', 'Sebastián', 'Joaquín', 'Agustín', 'Tomás', 'Cristóbal',
    'Nicolás', 'José', 'Ignacio', 'Felipe', 'Diego', 'Andrés', 'Maximiliano', 'Álvaro', 'Íñigo', 'Lautaro',
    'Gonzalo', 'Rodrigo', 'Esteban', 'Ramón', 'Julián', 'Germán', 'Héctor', 'Óscar', 'Rubén', 'Simón',
    'Bastián', 'Amaru', 'Pedro', 'Luis', 'Jesús', 'Fabián', 'Iván', 'Hernán', 'Raúl',
  ],
} as const;

export const CHILEAN_SURNAMES = [
  'González', 'Muñoz', 'Rojas', 'Díaz', 'Pérez', 'Soto', 'Contreras', 'Silva', 'Martínez', 'Sepúlveda',
  'Morales', 'Rodríguez', 'López', 'Fuentes', 'Hernández', 'Torres', 'Araya', 'Flores', 'Espinoza',
  'Valenzuela', 'Castillo', 'Tapia', 'Reyes', 'Gutiérrez', 'Castro', 'Pizarro', 'Álvarez', 'Vásquez',
  'Sánchez', 'Fernández', 'Ramírez', 'Carrasco', 'Gómez', 'Cortés', 'Herrera', 'Núñez', 'Jara', 'Vergara',
  'Rivera', 'Figueroa', 'Riquelme', 'García', 'Miranda', 'Bravo', 'Vera', 'Molina', 'Vega', 'Campos',
  'Sandoval', 'Orellana', 'Zúñiga', 'Ibáñez', 'Peña', 'Agüero', 'Argüello', 'Cáceres', 'Olivares',
  'Salazar', 'Yáñez', 'Acuña', 'Ñanculef', 'Huenchumilla', 'Catrileo', 'Quintremán', 'Painemal',
  'Mardones', 'Echeverría', 'Ortúzar', 'Montalbán', 'Saavedra', 'Bustos', 'Cárdenas', 'Henríquez',
] as const;

export interface ForeignNamePool {
  readonly given: { readonly F: readonly string[]; readonly M: readonly string[] };
  readonly surnames: readonly string[];
  /** How many surnames people from this country usually carry on a Chilean card. */
  readonly surnameCount: 1 | 2;
}

/** Nationalities of the largest foreign-resident groups in Chile, as ICAO 9303 / ISO 3166-1 alpha-3 codes. */
export const FOREIGN_NAMES = {
  VEN: {
    given: { F: ['Yusmary', 'Génesis', 'Marianela', 'Daniela', 'Oriana'], M: ['José', 'Luis', 'Jesús', 'Yorman', 'Andrés'] },
    surnames: ['González', 'Rodríguez', 'Pérez', 'Hernández', 'Briceño', 'Colmenares', 'Guzmán'],
    surnameCount: 2,
  },
  PER: {
    given: { F: ['Rosa', 'Milagros', 'Yesenia', 'Flor', 'Sonia'], M: ['Juan', 'Wilmer', 'Percy', 'Edwin', 'Jhon'] },
    surnames: ['Quispe', 'Mamani', 'Huamán', 'Flores', 'Chávez', 'Condori', 'Ccahuana'],
    surnameCount: 2,
  },
  COL: {
    given: { F: ['Luz', 'Yuliana', 'Marisol', 'Viviana', 'Leidy'], M: ['Jhon', 'Andrés', 'Camilo', 'Jairo', 'Édison'] },
    surnames: ['García', 'Martínez', 'Ramírez', 'Valencia', 'Ospina', 'Gaviria', 'Mosquera'],
    surnameCount: 2,
  },
  HTI: {
    given: { F: ['Marie', 'Jocelyne', 'Wideline', 'Nadège', 'Roselaure'], M: ['Jean', 'Pierre', 'Jacques', 'Wilner', 'Frantz'] },
    surnames: ['Joseph', 'Pierre', 'Jean-Baptiste', 'Louis', 'Charles', 'Désir', 'Saint-Fleur', 'Dorvil'],
    surnameCount: 1,
  },
  BOL: {
    given: { F: ['Wara', 'Ninoska', 'Rosario', 'Jhenny'], M: ['Wilfredo', 'Grover', 'Reynaldo', 'Freddy'] },
    surnames: ['Choque', 'Mamani', 'Condori', 'Quispe', 'Vargas', 'Coaquira'],
    surnameCount: 2,
  },
  ARG: {
    given: { F: ['Lucía', 'Milagros', 'Candela', 'Abril'], M: ['Facundo', 'Thiago', 'Lisandro', 'Nahuel'] },
    surnames: ['Fernández', 'Gómez', 'Sosa', 'Acosta', 'Benítez', 'D\'Alessandro'],
    surnameCount: 1,
  },
} as const satisfies Record<string, ForeignNamePool>;

export type ForeignNationality = keyof typeof FOREIGN_NAMES;
export const FOREIGN_NATIONALITIES = Object.keys(FOREIGN_NAMES) as ForeignNationality[];
