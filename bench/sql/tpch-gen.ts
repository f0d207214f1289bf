/**
 * A deterministic TPC-H-like data generator for bench/sql. Tables, columns and
 * cardinalities follow the TPC-H specification (§1.4, §4.2.3): at scale factor
 * SF there are 10,000·SF suppliers, 150,000·SF customers, 200,000·SF parts,
 * 4 partsupp rows per part, 1,500,000·SF orders with 1–7 line items each
 * (≈ 6,000,000·SF lineitem rows), 25 nations and 5 regions. Value
 * distributions approximate dbgen's: prices derived from the part key,
 * dates from 1992-01-01 to 1998-12-31 stored as ISO TEXT (so comparisons are
 * plain string comparisons), flags and statuses derived from the dates as in
 * the spec. Comments come from a fixed pool of generated phrases rather than
 * dbgen's text grammar. Same seed and scale factor → the same rows.
 */
import { prng } from "../../test/support/prng.ts";

/** A row value as both engines accept it. */
export type Cell = number | string;

/** One generated table: its name, DDL column list and rows. */
export interface GeneratedTable {
  name: string;
  rows: Cell[][];
}

/** The schema: CREATE TABLE statements with primary keys, as a user writes them for both engines. */
export const SCHEMA: string[] = [
  "CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name TEXT NOT NULL, r_comment TEXT)",
  "CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name TEXT NOT NULL, n_regionkey INTEGER NOT NULL, n_comment TEXT)",
  "CREATE TABLE supplier (s_suppkey INTEGER PRIMARY KEY, s_name TEXT, s_address TEXT, s_nationkey INTEGER NOT NULL, s_phone TEXT, s_acctbal REAL, s_comment TEXT)",
  "CREATE TABLE customer (c_custkey INTEGER PRIMARY KEY, c_name TEXT, c_address TEXT, c_nationkey INTEGER NOT NULL, c_phone TEXT, c_acctbal REAL, c_mktsegment TEXT, c_comment TEXT)",
  "CREATE TABLE part (p_partkey INTEGER PRIMARY KEY, p_name TEXT, p_mfgr TEXT, p_brand TEXT, p_type TEXT, p_size INTEGER, p_container TEXT, p_retailprice REAL, p_comment TEXT)",
  "CREATE TABLE partsupp (ps_partkey INTEGER NOT NULL, ps_suppkey INTEGER NOT NULL, ps_availqty INTEGER, ps_supplycost REAL, ps_comment TEXT)",
  "CREATE TABLE orders (o_orderkey INTEGER PRIMARY KEY, o_custkey INTEGER NOT NULL, o_orderstatus TEXT, o_totalprice REAL, o_orderdate TEXT, o_orderpriority TEXT, o_clerk TEXT, o_shippriority INTEGER, o_comment TEXT)",
  "CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL, l_suppkey INTEGER NOT NULL, l_linenumber INTEGER NOT NULL, l_quantity REAL, l_extendedprice REAL, l_discount REAL, l_tax REAL, l_returnflag TEXT, l_linestatus TEXT, l_shipdate TEXT, l_commitdate TEXT, l_receiptdate TEXT, l_shipinstruct TEXT, l_shipmode TEXT, l_comment TEXT)",
];

/**
 * The indexes a user would create after loading: the composite keys of
 * partsupp and lineitem (TPC-H §1.4.2) and one index per foreign key that the
 * queries join on. Single-column primary keys are declared in SCHEMA.
 */
export const INDEXES: string[] = [
  "CREATE UNIQUE INDEX partsupp_pk ON partsupp (ps_partkey, ps_suppkey)",
  "CREATE UNIQUE INDEX lineitem_pk ON lineitem (l_orderkey, l_linenumber)",
  "CREATE INDEX nation_regionkey ON nation (n_regionkey)",
  "CREATE INDEX supplier_nationkey ON supplier (s_nationkey)",
  "CREATE INDEX customer_nationkey ON customer (c_nationkey)",
  "CREATE INDEX partsupp_suppkey ON partsupp (ps_suppkey)",
  "CREATE INDEX orders_custkey ON orders (o_custkey)",
  "CREATE INDEX lineitem_partkey ON lineitem (l_partkey)",
  "CREATE INDEX lineitem_suppkey ON lineitem (l_suppkey)",
];

const REGIONS = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"];
// TPC-H §4.2.3: nation name and region key.
const NATIONS: [string, number][] = [
  ["ALGERIA", 0], ["ARGENTINA", 1], ["BRAZIL", 1], ["CANADA", 1], ["EGYPT", 4], ["ETHIOPIA", 0], ["FRANCE", 3], ["GERMANY", 3],
  ["INDIA", 2], ["INDONESIA", 2], ["IRAN", 4], ["IRAQ", 4], ["JAPAN", 2], ["JORDAN", 4], ["KENYA", 0], ["MOROCCO", 0],
  ["MOZAMBIQUE", 0], ["PERU", 1], ["CHINA", 2], ["ROMANIA", 3], ["SAUDI ARABIA", 4], ["VIETNAM", 2], ["RUSSIA", 3],
  ["UNITED KINGDOM", 3], ["UNITED STATES", 1],
];
const SEGMENTS = ["AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"];
const PRIORITIES = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"];
const INSTRUCTIONS = ["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"];
const MODES = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"];
const TYPE1 = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"];
const TYPE2 = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"];
const TYPE3 = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"];
const CONTAINER1 = ["SM", "LG", "MED", "JUMBO", "WRAP"];
const CONTAINER2 = ["CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"];
const COLOURS = (
  "almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished chartreuse chiffon " +
  "chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick floral forest frosted gainsboro " +
  "ghost goldenrod green grey honeydew hot indian ivory khaki lace lavender lawn lemon light lime linen magenta maroon " +
  "medium metallic midnight mint misty moccasin navajo navy olive orange orchid pale papaya peach peru pink plum powder " +
  "puff purple red rose rosy royal saddle salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle " +
  "tomato turquoise violet wheat white yellow"
).split(" ");
const WORDS = (
  "furiously quickly carefully blithely slyly ironic final regular special express pending bold even silent unusual " +
  "packages requests accounts deposits foxes ideas theodolites pinto beans instructions dependencies excuses platelets " +
  "asymptotes courts dolphins multipliers sauternes warthogs frets dinos attainments somas sleep wake are cajole haggle " +
  "nag use boost affix detect integrate maintain nod was lose sublate solve thrash promise engage hinder print x-ray"
).split(" ");

const START = Date.UTC(1992, 0, 1);
const DAY = 86_400_000;
/** ISO dates by day number from 1992-01-01, covering every date the generator produces. */
const DATES: string[] = Array.from({ length: 2600 }, (_, d) => new Date(START + d * DAY).toISOString().slice(0, 10));
const CURRENT = DATES.indexOf("1995-06-17"); // TPC-H CURRENTDATE
const LAST_ORDER = DATES.indexOf("1998-08-02"); // ENDDATE − 151 days

/** The number of rows per table at scale factor `sf` (lineitem is known only after generation). */
export function cardinalities(sf: number): Record<string, number> {
  const n = (base: number) => Math.max(1, Math.round(base * sf));
  return { region: 5, nation: 25, supplier: n(10_000), customer: n(150_000), part: n(200_000), partsupp: n(200_000) * 4, orders: n(1_500_000) };
}

function money(cents: number): number {
  return Math.round(cents) / 100;
}

/** Generates every table at scale factor `sf`, deterministically for a given `seed`. */
export function generate(sf: number, seed = 1): GeneratedTable[] {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const comments = Array.from({ length: 1024 }, () => Array.from({ length: int(3, 9) }, () => pick(WORDS)).join(" "));
  const comment = () => comments[Math.floor(rand() * comments.length)]!;
  const phone = (nation: number) => `${nation + 10}-${int(100, 999)}-${int(100, 999)}-${int(1000, 9999)}`;
  const address = () => Math.floor(rand() * 2 ** 40).toString(36);
  const pad9 = (k: number) => String(k).padStart(9, "0");
  const card = cardinalities(sf);

  const region: Cell[][] = REGIONS.map((name, i) => [i, name, comment()]);
  const nation: Cell[][] = NATIONS.map(([name, r], i) => [i, name, r, comment()]);
  const S = card.supplier!;
  const supplier: Cell[][] = [];
  for (let k = 1; k <= S; k++) {
    const n = int(0, 24);
    supplier.push([k, `Supplier#${pad9(k)}`, address(), n, phone(n), money(int(-99_999, 999_999)), comment()]);
  }
  const C = card.customer!;
  const customer: Cell[][] = [];
  for (let k = 1; k <= C; k++) {
    const n = int(0, 24);
    customer.push([k, `Customer#${pad9(k)}`, address(), n, phone(n), money(int(-99_999, 999_999)), pick(SEGMENTS), comment()]);
  }
  const P = card.part!;
  const part: Cell[][] = [];
  const retail = new Float64Array(P + 1);
  for (let k = 1; k <= P; k++) {
    const m = int(1, 5);
    const name = Array.from({ length: 5 }, () => pick(COLOURS)).join(" ");
    retail[k] = money(90_000 + (Math.floor(k / 10) % 20_001) + 100 * (k % 1000)); // TPC-H §4.2.3 P_RETAILPRICE
    part.push([
      k, name, `Manufacturer#${m}`, `Brand#${m}${int(1, 5)}`, `${pick(TYPE1)} ${pick(TYPE2)} ${pick(TYPE3)}`,
      int(1, 50), `${pick(CONTAINER1)} ${pick(CONTAINER2)}`, retail[k]!, comment(),
    ]);
  }
  // The i-th supplier of part k, after TPC-H §4.2.3 (k + i·(S/4 + (k−1)/S)), with the (k−1)/S term added once
  // rather than per i, so the four suppliers stay distinct at every scale factor (S ≥ 4).
  const suppOf = (k: number, i: number) => ((k + i * Math.max(1, Math.floor(S / 4)) + Math.floor((k - 1) / S)) % S) + 1;
  const partsupp: Cell[][] = [];
  for (let k = 1; k <= P; k++) {
    for (let i = 0; i < 4; i++) partsupp.push([k, suppOf(k, i), int(1, 9999), money(int(100, 100_000)), comment()]);
  }
  const O = card.orders!;
  const orders: Cell[][] = [];
  const lineitem: Cell[][] = [];
  for (let k = 1; k <= O; k++) {
    let cust = int(1, C);
    while (cust % 3 === 0 && C > 2) cust = int(1, C); // a third of the customers never order (§4.2.3)
    const od = int(0, LAST_ORDER);
    const lines = int(1, 7);
    let total = 0;
    let shipped = 0;
    for (let l = 1; l <= lines; l++) {
      const pk = int(1, P);
      const qty = int(1, 50);
      const price = money(qty * retail[pk]! * 100);
      const disc = int(0, 10) / 100;
      const tax = int(0, 8) / 100;
      const ship = od + int(1, 121);
      const commit = od + int(30, 90);
      const receipt = ship + int(1, 30);
      const flag = receipt <= CURRENT ? (rand() < 0.5 ? "R" : "A") : "N";
      const status = ship > CURRENT ? "O" : "F";
      if (status === "F") shipped++;
      total += price * (1 + tax) * (1 - disc);
      lineitem.push([
        k, pk, suppOf(pk, int(0, 3)), l, qty, price, disc, tax, flag, status,
        DATES[ship]!, DATES[commit]!, DATES[receipt]!, pick(INSTRUCTIONS), pick(MODES), comment(),
      ]);
    }
    const orderStatus = shipped === lines ? "F" : shipped === 0 ? "O" : "P";
    orders.push([k, cust, orderStatus, money(total * 100), DATES[od]!, pick(PRIORITIES), `Clerk#${pad9(int(1, Math.max(1, Math.round(1000 * sf))))}`, 0, comment()]);
  }
  return [
    { name: "region", rows: region },
    { name: "nation", rows: nation },
    { name: "supplier", rows: supplier },
    { name: "customer", rows: customer },
    { name: "part", rows: part },
    { name: "partsupp", rows: partsupp },
    { name: "orders", rows: orders },
    { name: "lineitem", rows: lineitem },
  ];
}
