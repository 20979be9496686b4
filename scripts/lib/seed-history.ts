// 90 days of message traffic for the demo tenant (DESIGN.md §8: "so charts have shape"), written with the
// history's real dates through the same SQL functions the app uses: messaging_send() prices, charges, counts
// and logs; messaging_set_status() delivers, fails and refunds; each with p_at. Backdating is allowed only in a
// transaction that sets subledger.backfill, which only the seed does.
//
// The plan is made first, in memory (planHistory), from a seeded PRNG: the same day gives the same history on
// every machine. It keeps every request payable and under its member's monthly limit, because the functions
// would refuse the rest and a refused request would simply be missing. The slots are then written in time
// order, so that transfer ids and message ids grow with their dates (the journal's order is id order).
//
// Cost, measured: about a quarter of a millisecond per message, mostly PostgreSQL's (the message row and its
// indexes, two of them trigram indexes, written when sent and again at each status change, with their foreign
// keys checked each time), so the volume is what the seed's time is made of. The rest is per request: the whole
// seed is one transaction, and every update of a row (each charge and refund moves the usage account's balance)
// leaves a version that later look-ups of that row step over until the commit. So requests are few and large,
// quiet members send every few days, and only the last week's messages take the second status change ("sent"
// first, then the receipt); older ones go straight from queued to their final status.
import { createHash } from "node:crypto";
import type { DbClient } from "../../lib/db/client.ts";
import { actorColumns, type Actor } from "../../lib/domain/context.ts";
import { transferRequestHash } from "../../lib/domain/ledger/post-transfer.ts";
import { effectivePrices } from "../../lib/domain/messaging/prices.ts";
import { parseRecipient } from "../../lib/domain/messaging/recipient.ts";
import { countSegments, type Encoding } from "../../lib/domain/messaging/segments.ts";
import { validateSenderId } from "../../lib/domain/messaging/sender-id.ts";
import type { TransferKind } from "../../lib/db/generated/enums.ts";

export const HISTORY_DAYS = 90;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The rhythm of a member's traffic: how it falls over the week and the day. */
export type TrafficKind = "otp" | "alerts" | "retail" | "marketing" | "logistics" | "reminders" | "support" | "travel" | "hr" | "trade";

/** What a member's messages say. */
export type TextTopic = keyof typeof TEXTS;

/** How one member sends. */
export type Traffic = {
  kind: TrafficKind;
  texts: TextTopic;
  senderId: string;
  /** messages on an ordinary weekday at the start of the 90 days */
  perDay: number;
  /** how much busier the last day is than the first: 0.6 = 60 % more (default 0.5) */
  growth?: number;
  /** destination weights by country (default: the tenant's main markets and a long tail) */
  markets?: Record<string, number>;
  /** texts in German, French or Greek for recipients there, where the topic has them */
  localised?: boolean;
  /** days of the window (0 = the first) with extra traffic of the member's own, e.g. a disruption */
  spikes?: { day: number; factor: number }[];
};

export type HistorySender = { accountId: number; apiKeyId: number | null; traffic: Traffic };

/** The tenant's main markets, then a long tail. */
export const MAIN_MARKETS: Record<string, number> = {
  GB: 24, DE: 16, FR: 14, US: 12, CY: 9, GR: 9,
  IE: 2, ES: 2, IT: 2, NL: 2, AT: 1.5, CH: 1, BE: 1, PT: 1, PL: 1, SE: 0.7, AE: 0.7, RO: 0.4, AU: 0.5,
  CA: 0.5, IN: 0.5, TR: 0.4, IL: 0.3, ZA: 0.3, BR: 0.2, MX: 0.2, JP: 0.2, NG: 0.1,
};

// Campaign days for the whole tenant (retail and marketing members): a mid-season sale, and a sale week
// near the end whose peak is the busiest day of the window.
const CAMPAIGNS: { day: number; factor: number }[] = [
  { day: 38, factor: 4.5 },
  { day: 75, factor: 2.5 },
  { day: 76, factor: 6 },
  { day: 77, factor: 3 },
];
const CAMPAIGN_KINDS: ReadonlySet<TrafficKind> = new Set(["retail", "marketing"]);

// Sunday first, as Date.getUTCDay() counts.
const WEEKDAY: Record<TrafficKind, number[]> = {
  otp: [0.75, 1, 1, 1, 1.02, 1.05, 0.85],
  alerts: [0.8, 1, 1, 1, 1, 1, 0.85],
  retail: [0.55, 0.8, 0.85, 0.9, 1, 1.15, 1.25],
  marketing: [0.35, 0.9, 1.1, 1.1, 1.05, 0.95, 0.5],
  logistics: [0.08, 1.1, 1.05, 1, 1, 0.95, 0.45],
  reminders: [0.05, 1.1, 1, 1, 1, 0.9, 0.3],
  support: [0.25, 1.15, 1.05, 1, 1, 0.9, 0.35],
  travel: [1.05, 0.95, 0.85, 0.9, 1, 1.15, 1],
  hr: [0, 1.1, 1.1, 1, 1, 0.8, 0],
  trade: [0.05, 1, 1, 1, 1, 0.95, 0.2],
};

// A day has six sending slots (UTC hours); each kind spreads its day over them differently.
const SLOT_HOURS = [8, 10, 12, 14, 17, 20];
const SLOT_WEIGHTS: Record<TrafficKind, number[]> = {
  otp: [0.7, 1, 1.1, 1.1, 1.2, 0.9],
  alerts: [0.7, 1, 1, 1.1, 1.1, 0.9],
  retail: [0.3, 0.9, 1.3, 1, 1.4, 0.8],
  marketing: [0, 0.8, 1.5, 0.8, 1.6, 0.6],
  logistics: [1.6, 1.3, 1, 0.8, 0.5, 0.1],
  reminders: [0.7, 1.4, 1.1, 0.7, 1.2, 0.2],
  support: [0.5, 1.3, 1.2, 1.1, 0.9, 0.3],
  travel: [1.2, 1, 0.9, 1, 1, 0.9],
  hr: [0.2, 1.2, 1.3, 1, 0.6, 0],
  trade: [0.5, 1.3, 1.2, 1, 0.7, 0.1],
};

/** A small, fast, seeded PRNG (mulberry32): the history must be the same on every machine. */
export function seededRandom(seed: string) {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
type Random = ReturnType<typeof seededRandom>;

const pick = <T,>(rng: Random, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Random, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const digits = (rng: Random, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join("");
const TOKEN_CHARACTERS = [..."abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"];
const token = (rng: Random, n: number) => Array.from({ length: n }, () => pick(rng, TOKEN_CHARACTERS)).join("");
/** rounds x up or down at random, in proportion: the sum of many keeps the expected total */
const roundRandom = (rng: Random, x: number) => Math.floor(x + rng());

/** Draws keys in proportion to their weights. */
function weightedPicker<K extends string>(weights: Record<K, number>) {
  const keys = Object.keys(weights) as K[];
  const cumulative: number[] = [];
  let total = 0;
  for (const key of keys) cumulative.push((total += weights[key]));
  return (rng: Random): K => {
    const r = rng() * total;
    const i = cumulative.findIndex((c) => r < c);
    return keys[i === -1 ? keys.length - 1 : i];
  };
}

function uuid(rng: Random) {
  const hex = digitsHex(rng, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[Math.floor(rng() * 4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const digitsHex = (rng: Random, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join("");

// ------------------------------------------------------------------------------------------------ recipients

// Mobile ranges per country (# = a random digit). Each number drawn is checked with parseRecipient, the
// app's own validation (libphonenumber-js max metadata), and kept only if it is valid in that country.
const MOBILE_PATTERNS: Record<string, string[]> = {
  GB: ["+4474########", "+4475########", "+4477########", "+4478########", "+4479########"],
  DE: ["+49151########", "+49160#######", "+49170#######", "+49176########", "+49157########"],
  FR: ["+336########", "+337########"],
  CY: ["+35799######", "+35796######", "+35797######"],
  GR: ["+3069########"],
  US: ["+1212#######", "+1415#######", "+1646#######", "+1312#######", "+1617#######"],
  IE: ["+35385#######", "+35387#######", "+35383#######"],
  ES: ["+346########"],
  IT: ["+393########"],
  NL: ["+316########"],
  AT: ["+43664#######"],
  CH: ["+4179#######"],
  BE: ["+324########"],
  PT: ["+3519########"],
  PL: ["+485########"],
  SE: ["+467########"],
  AE: ["+9715########"],
  RO: ["+407########"],
  AU: ["+614########"],
  CA: ["+1416#######"],
  IN: ["+919#########"],
  TR: ["+905#########"],
  IL: ["+9725########"],
  ZA: ["+278########"],
  BR: ["+55119########"],
  MX: ["+5255########"],
  JP: ["+8190########"],
  NG: ["+23480########"],
};

/** Each country's customers: a fixed pool, so that people receive more than one message over the months. */
class RecipientPools {
  private pools = new Map<string, string[]>();
  constructor(private rng: Random) {}

  draw(country: string): string {
    let pool = this.pools.get(country);
    if (!pool) {
      pool = this.build(country, MAIN_MARKETS[country] >= 5 ? 800 : 60);
      this.pools.set(country, pool);
    }
    return pick(this.rng, pool);
  }

  private build(country: string, size: number) {
    const patterns = MOBILE_PATTERNS[country];
    if (!patterns) throw new Error(`no mobile number pattern for ${country}`);
    const numbers = new Set<string>();
    for (let tries = 0; numbers.size < size; tries++) {
      if (tries > size * 20) throw new Error(`too few valid numbers drawn for ${country}`);
      const raw = pick(this.rng, patterns).replace(/#/g, () => String(Math.floor(this.rng() * 10)));
      const parsed = parseRecipient(raw);
      if (parsed.ok && parsed.country === country) numbers.add(parsed.e164);
    }
    return [...numbers];
  }
}

// ------------------------------------------------------------------------------------------------ texts

type Language = "en" | "de" | "fr" | "el";
type TextContext = { rng: Random; brand: string; day: Date; campaign: boolean };
type Template = (t: TextContext) => string;
type Texts = { en: Template[]; campaign?: Template[] } & Partial<Record<Exclude<Language, "en">, Template[]>>;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const laterDate = (t: TextContext, maxDays = 10) => {
  const d = new Date(t.day.getTime() + int(t.rng, 1, maxDays) * DAY);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
};
/** a date as French and German write it: 23/10, 23.10. */
const laterDateNumeric = (t: TextContext, separator: string, maxDays = 10) => {
  const d = new Date(t.day.getTime() + int(t.rng, 1, maxDays) * DAY);
  return [d.getUTCDate(), d.getUTCMonth() + 1].map((n) => String(n).padStart(2, "0")).join(separator);
};
const clock = (rng: Random, from = 8, to = 18) => `${String(int(rng, from, to)).padStart(2, "0")}:${pick(rng, ["00", "15", "30", "45"])}`;
const amount = (rng: Random, min: number, max: number) => `${int(rng, min, max)}.${digits(rng, 2)}`;
const CITIES = ["London", "Berlin", "Paris", "Nicosia", "Athens", "New York", "Dublin", "Madrid", "Rome", "Amsterdam", "Larnaca", "Frankfurt"];
const EVENTS = ["The Midnight Echo", "Jazz on the Pier", "Northern Lights Tour", "Comedy Night Live", "Symphony in Blue", "Tech Summit 2026"];
const parcel = (rng: Random) => `${token(rng, 2).toUpperCase()}${digits(rng, 9)}`;

// Lengths are chosen so that most texts fit one segment, some take two or three (GSM-7: 160, then 153 a
// part), and the Greek ones, the emoji and a French "prêt" are sent as UCS-2 (70, then 67 a part).
const TEXTS = {
  otp: {
    en: [
      (t) => `Your ${t.brand} code is ${digits(t.rng, 6)}. It expires in 5 minutes. Never share it, not even with us.`,
      (t) => `${digits(t.rng, 6)} is your ${t.brand} verification code.`,
      (t) => `${t.brand}: use ${digits(t.rng, 6)} to approve the payment of EUR ${amount(t.rng, 5, 900)}. If you did not start it, call us now.`,
    ],
    de: [(t) => `Ihr ${t.brand}-Code lautet ${digits(t.rng, 6)}. Er ist 5 Minuten gültig. Geben Sie ihn niemals weiter.`],
    fr: [(t) => `Votre code ${t.brand} est ${digits(t.rng, 6)}. Il expire dans 5 minutes. Ne le communiquez jamais.`],
    el: [(t) => `Ο κωδικός σας ${t.brand} είναι ${digits(t.rng, 6)}. Ισχύει για 5 λεπτά.`],
  },
  fraud: {
    en: [
      (t) => `${t.brand}: card ending ${digits(t.rng, 4)} was used for EUR ${amount(t.rng, 20, 2400)} at ${pick(t.rng, ["an online store", "a fuel station", "a supermarket", "an ATM abroad"])}. Not you? Reply NO or call us.`,
      (t) => `${t.brand}: new sign-in to online banking from ${pick(t.rng, CITIES)}. If this was not you, call us now on the number on the back of your card.`,
      (t) => `${t.brand}: your statement for ${MONTHS[t.day.getUTCMonth()]} is ready in the app.`,
    ],
    fr: [(t) => `${t.brand} : votre carte se terminant par ${digits(t.rng, 4)} a été utilisée pour ${amount(t.rng, 20, 900)} EUR. Si ce n'est pas vous, répondez NON.`],
  },
  security: {
    en: [
      (t) => `${t.brand}: alarm at site ${int(t.rng, 10, 99)} was disarmed at ${clock(t.rng, 0, 23)}. If this was not expected, call the control room at once.`,
      (t) => `${t.brand}: motion detected at gate ${int(t.rng, 1, 9)}, ${clock(t.rng, 0, 23)}. A guard is on the way.`,
    ],
  },
  utility: {
    en: [
      (t) => `${t.brand}: planned maintenance in your area on ${laterDate(t)} from ${clock(t.rng, 8, 11)} to ${clock(t.rng, 12, 16)}. Expect a short interruption. Ref ${digits(t.rng, 7)}.`,
      (t) => `${t.brand}: power is back in your area. We are sorry for the interruption. Ref ${digits(t.rng, 7)}.`,
    ],
  },
  retail: {
    en: [
      (t) => `${t.brand}: your order ${digits(t.rng, 8)} is ready for collection at our ${pick(t.rng, CITIES)} store. Bring this message and a photo ID.`,
      (t) => `${t.brand}: thank you for your purchase! Rate your visit and get 10% off next time: nwnd.co/${token(t.rng, 6)} Reply STOP to opt out.`,
      (t) => `${t.brand}: weekend offer! 20% off all garden furniture and barbecues until Sunday midnight, in store and online with code SUN20. Find your nearest store at nwnd.co/s. Reply STOP to opt out.`,
    ],
    de: [
      (t) => `${t.brand}: Ihre Bestellung ${digits(t.rng, 8)} liegt zur Abholung bereit. Bitte bringen Sie diese SMS und einen Ausweis mit.`,
      (t) => `${t.brand}: Nur dieses Wochenende 20% auf alle Gartenmöbel, im Markt und online mit dem Code SONNE20. Ihren nächsten Markt finden Sie unter nwnd.co/m. Abmelden: STOP`,
    ],
    fr: [(t) => `${t.brand} : votre commande ${digits(t.rng, 8)} vous attend en magasin. Présentez ce SMS et une pièce d'identité.`],
    campaign: [
      (t) => `${t.brand} SALE: up to 50% off across the store, this week only! Extra 10% for members with code EXTRA10 at checkout. Shop now: nwnd.co/${token(t.rng, 5)} Reply STOP to opt out.`,
      (t) => `🔥 ${t.brand} sale: up to 50% off this week only! Shop now: nwnd.co/${token(t.rng, 5)}`,
      (t) => `${t.brand}: our biggest sale of the year starts now. Up to 50% off furniture, lighting, kitchen and garden, plus double loyalty points on every purchase until Sunday. Stores stay open until 22:00 every day this week, and delivery is free on every order over EUR 40. Details and your nearest store: nwnd.co/${token(t.rng, 5)} Reply STOP to opt out.`,
    ],
  },
  loyalty: {
    en: [
      (t) => `${t.brand}: you have ${int(t.rng, 200, 4000)} points, worth EUR ${amount(t.rng, 2, 40)}. Use them before ${laterDate(t, 30)} at nwnd.co/r. Reply STOP to opt out.`,
      (t) => `${t.brand}: happy birthday! Here is EUR 5 to spend on anything in store or online until ${laterDate(t, 30)}. Code ${token(t.rng, 6).toUpperCase()}`,
    ],
    campaign: [
      (t) => `${t.brand}: double points on everything this week, in store and online. Members also get early access to the sale from 08:00 tomorrow, before the doors open to everyone. Your card number is in the app. Reply STOP to opt out.`,
    ],
  },
  events: {
    en: [
      (t) => `${t.brand}: tickets for ${pick(t.rng, EVENTS)} on ${laterDate(t, 40)} go on sale tomorrow at 10:00. Presale code ${token(t.rng, 6).toUpperCase()}: hooli.co/${token(t.rng, 5)}`,
      (t) => `${t.brand}: your e-ticket for ${pick(t.rng, EVENTS)} is ready. Doors open at ${clock(t.rng, 18, 20)}. Show this link at the gate: hooli.co/t/${token(t.rng, 8)}`,
    ],
    campaign: [
      (t) => `${t.brand}: last chance! Early-bird prices for ${pick(t.rng, EVENTS)} end tonight at midnight. Save up to 30% on standing and seated tickets, and bring a friend for half price with code FRIEND50. Book now at hooli.co/${token(t.rng, 5)} Reply STOP to opt out.`,
      (t) => `🎉 ${t.brand}: 2 for 1 on all tickets this week! Book now: hooli.co/${token(t.rng, 5)}`,
    ],
  },
  parcels: {
    en: [
      (t) => `${t.brand}: parcel ${parcel(t.rng)} will be delivered today between ${clock(t.rng, 8, 12)} and ${clock(t.rng, 13, 18)}. Change the date at ubr.to/${token(t.rng, 6)}`,
      (t) => `${t.brand}: we could not deliver parcel ${parcel(t.rng)} today. We will try again tomorrow, or collect it from your nearest pick-up point: ubr.to/p`,
    ],
    de: [(t) => `${t.brand}: Ihr Paket ${digits(t.rng, 12)} kommt heute zwischen ${clock(t.rng, 8, 12)} und ${clock(t.rng, 13, 18)} Uhr. Termin ändern: ubr.to/${token(t.rng, 6)}`],
    fr: [
      (t) => `${t.brand} : votre colis ${digits(t.rng, 12)} sera livré aujourd'hui entre ${clock(t.rng, 8, 12)} et ${clock(t.rng, 13, 18)}.`,
      (t) => `${t.brand} : votre colis est prêt au point relais. Il vous attend 10 jours.`,
    ],
  },
  returns: {
    en: [(t) => `${t.brand}: we received your return ${digits(t.rng, 7)}. Your refund of EUR ${amount(t.rng, 10, 300)} will reach your card within 5 working days.`],
  },
  shifts: {
    en: [
      (t) => `${t.brand}: your shift on ${laterDate(t, 7)} starts at ${clock(t.rng, 5, 14)} at depot ${int(t.rng, 1, 12)}. Reply YES to confirm or NO if you cannot make it.`,
      (t) => `${t.brand}: route ${int(t.rng, 100, 999)} is closed tomorrow for road works. Use the diversion via depot ${int(t.rng, 1, 12)}.`,
    ],
  },
  customs: {
    en: [
      (t) => `${t.brand}: shipment ${digits(t.rng, 10)} is held for customs clearance. Please upload the commercial invoice at ubr.to/c/${token(t.rng, 6)} within 48 hours to avoid storage fees of EUR 25 per day.`,
      (t) => `${t.brand}: shipment ${digits(t.rng, 10)} has cleared customs and leaves the bonded warehouse today. Import duty and VAT of EUR ${amount(t.rng, 40, 900)} have been charged to your account; the receipt is in the portal. If the delivery address or the opening hours of your goods-in dock have changed, tell us before 16:00 at ubr.to/c/${token(t.rng, 6)}`,
    ],
  },
  appointments: {
    en: [(t) => `Reminder: your appointment at ${t.brand} is on ${laterDate(t, 5)} at ${clock(t.rng)}. Reply C to cancel.`],
    fr: [
      (t) => `${t.brand} : rappel de votre rendez-vous le ${laterDateNumeric(t, "/", 5)} à ${clock(t.rng)} avec votre conseiller. Pour annuler, répondez ANNULER.`,
      (t) => `${t.brand} : votre conseiller vous recevra le ${laterDateNumeric(t, "/", 5)} à ${clock(t.rng)} pour votre demande de crédit. Merci d'apporter vos trois derniers bulletins de salaire, votre dernier avis d'imposition, un justificatif de domicile de moins de trois mois et une pièce d'identité en cours de validité. Pour déplacer le rendez-vous, répondez DEPLACER.`,
    ],
  },
  visits: {
    en: [
      (t) => `${t.brand}: your engineer will arrive on ${laterDate(t, 5)} between ${clock(t.rng, 8, 12)} and ${clock(t.rng, 13, 17)}. Reply R to reschedule.`,
      (t) => `${t.brand}: your engineer is on the way and should be with you in about 30 minutes.`,
    ],
  },
  support: {
    en: [
      (t) => `${t.brand}: ticket #${digits(t.rng, 6)} has been updated. Reply to this message or see the details in your portal.`,
      (t) => `${t.brand}: we have resolved ticket #${digits(t.rng, 6)}. How did we do? Reply with a score from 1 to 5.`,
    ],
  },
  accounts: {
    en: [
      (t) => `${t.brand}: your verification code is ${digits(t.rng, 6)}.`,
      (t) => `${t.brand}: new login to your account from ${pick(t.rng, CITIES)}. Not you? Reset your password now.`,
    ],
  },
  travel: {
    en: [
      (t) => `${t.brand}: flight OA${int(t.rng, 100, 999)} to ${pick(t.rng, CITIES)} on ${laterDate(t, 3)} is on time. Boarding ${clock(t.rng, 5, 22)}, gate ${pick(t.rng, ["A", "B", "C"])}${int(t.rng, 1, 40)}. Check in: oceanic.test/ci`,
      (t) => `${t.brand}: check-in for flight OA${int(t.rng, 100, 999)} is now open. Choose your seat and get your boarding pass at oceanic.test/ci/${token(t.rng, 6)}`,
    ],
    el: [(t) => `${t.brand}: η πτήση OA${int(t.rng, 100, 999)} αναχωρεί στις ${clock(t.rng, 5, 22)}. Καλό ταξίδι!`],
    campaign: [
      (t) => `${t.brand}: we are sorry, flight OA${int(t.rng, 100, 999)} to ${pick(t.rng, CITIES)} is delayed to ${clock(t.rng, 12, 23)} because of severe weather. Rebook free of charge at oceanic.test/rebook or reply CALL and we will phone you.`,
      (t) => `${t.brand}: because of severe weather at ${pick(t.rng, CITIES)}, flight OA${int(t.rng, 100, 999)} is cancelled. We have rebooked you on the first available flight tomorrow and sent the new boarding pass to your e-mail. If it does not suit you, change it free of charge or ask for a full refund at oceanic.test/rebook. Hotel vouchers are at the transfer desk.`,
    ],
  },
  careers: {
    en: [(t) => `${t.brand}: thank you for applying. Your interview is on ${laterDate(t, 10)} at ${clock(t.rng, 9, 16)}. Reply YES to confirm.`],
  },
  trade: {
    en: [
      (t) => `${t.brand}: container ${token(t.rng, 4).toUpperCase()}${digits(t.rng, 7)} cleared ${pick(t.rng, ["Rotterdam", "Hamburg", "Piraeus", "Limassol", "Felixstowe"])} and is due at your warehouse on ${laterDate(t, 6)}.`,
      (t) => `${t.brand}: invoice ${digits(t.rng, 6)} for EUR ${amount(t.rng, 400, 9000)} is due on ${laterDate(t, 14)}.`,
    ],
  },
} satisfies Record<string, Texts>;

const LANGUAGE_BY_COUNTRY: Record<string, Language> = { DE: "de", AT: "de", CH: "de", FR: "fr", BE: "fr", GR: "el", CY: "el" };

function composeText(traffic: Traffic, country: string, t: TextContext): string {
  const texts: Texts = TEXTS[traffic.texts];
  if (t.campaign && texts.campaign && t.rng() < 0.7) return pick(t.rng, texts.campaign)(t);
  const language = traffic.localised ? LANGUAGE_BY_COUNTRY[country] : undefined;
  // Greek-speaking recipients get Greek text now and then (Cyprus and Greece read English widely)
  const local = language && language !== "en" ? texts[language] : undefined;
  return pick(t.rng, local && (language !== "el" || t.rng() < 0.25) ? local : texts.en)(t);
}

// ------------------------------------------------------------------------------------------------ plan

/** What becomes of a message after it is sent; a failed one is refunded. */
type Fate = "delivered" | "rejected" | "undeliverable" | "unknown_subscriber" | "no_receipt";
const FAILURES: Record<Exclude<Fate, "delivered" | "no_receipt">, string> = {
  rejected: "Rejected by the carrier: the destination is barred.",
  undeliverable: "Undeliverable: the handset is unreachable.",
  unknown_subscriber: "Unknown subscriber: the number is not in use.",
};
// Long-tail destinations fail more often than the main markets.
const failureRate = (country: string) => ((MAIN_MARKETS[country] ?? 0) >= 5 ? 0.022 : 0.06);

export type PlannedMessage = {
  recipient: string;
  country: string;
  body: string;
  encoding: Encoding;
  segments: number;
  pricePerSegment: bigint;
  fate: Fate;
};
export type PlannedSend = { accountId: number; apiKeyId: number | null; senderId: string; batchId: string; messages: PlannedMessage[] };
export type PlannedSlot = { at: Date; sentAt: Date; doneAt: Date; sends: PlannedSend[] };

export type PlanSender = HistorySender & {
  /** who pays: the nearest prepaid account on the path, or the invoicing account */
  payerId: number;
  monthlyLimit: number | null;
  prices: Map<string, bigint>;
};

export type PlanInput = {
  senders: PlanSender[];
  /** what each payer may spend: its balance less what it keeps; a payer missing here may go negative (postpaid) */
  budgets: Map<number, bigint>;
  /** 00:00 UTC of the first day */
  firstDay: Date;
  days?: number;
  seed?: string;
};

// A member's day goes out in one request, a busy member's in up to three; a quiet member saves up until it has
// a request's worth (see the cost note at the top).
const MESSAGES_PER_REQUEST = 60;
/**
 * Scales every member's traffic: about 15,000 messages keep the first `npm run dev` and every e2e start a few
 * seconds long (each message costs ~0.2 ms to write with its charge, rollup and receipts) and still give every
 * chart its shape.
 */
const VOLUME = 0.5;
const MAX_REQUESTS_PER_DAY = 3;
const MIN_REQUEST = 15;
/** the last days of the window, whose messages go queued -> sent -> delivered in two status changes */
const TWO_STEP_DAYS = 7;

/** Splits a member's day over a few of the day's slots, drawn by the hour weights of its kind. */
function spreadOverSlots(rng: Random, count: number, weights: number[]) {
  const counts = weights.map(() => 0);
  if (count === 0) return counts;
  const requests = Math.min(MAX_REQUESTS_PER_DAY, Math.max(1, Math.round(count / MESSAGES_PER_REQUEST)));
  const open = weights.map((w, i) => ({ slot: i, w })).filter((o) => o.w > 0);
  const chosen: number[] = [];
  while (chosen.length < requests && open.length > 0) {
    let r = rng() * open.reduce((sum, o) => sum + o.w, 0);
    const i = Math.max(0, open.findIndex((o) => (r -= o.w) < 0));
    chosen.push(open[i].slot);
    open.splice(i, 1);
  }
  const total = chosen.reduce((sum, i) => sum + weights[i], 0);
  let left = count;
  chosen.forEach((slot, j) => {
    const share = j === chosen.length - 1 ? left : Math.min(left, roundRandom(rng, (count * weights[slot]) / total));
    counts[slot] += share;
    left -= share;
  });
  return counts;
}

/**
 * The whole history, slot by slot in time order. Volumes: a per-member weekday rate, growing over the window,
 * shaped by the day of the week and the hour, with noise, the tenant's campaign days and a member's own
 * spikes. A send that its payer could not afford, or that would pass the member's monthly limit, is trimmed.
 */
export function planHistory({ senders, budgets, firstDay, days = HISTORY_DAYS, seed = "subledger demo history" }: PlanInput) {
  const rng = seededRandom(seed);
  const pools = new RecipientPools(seededRandom(`${seed} recipients`));
  const remaining = new Map(budgets);
  const used = new Map<string, number>();
  const slots: PlannedSlot[] = [];
  let trimmed = 0;
  for (const s of senders) {
    const check = validateSenderId(s.traffic.senderId);
    if (!check.ok || check.value !== s.traffic.senderId) throw new Error(`invalid demo sender id ${s.traffic.senderId}`);
  }

  const backlog = senders.map(() => 0);
  const destinations = senders.map((s) => weightedPicker(s.traffic.markets ?? MAIN_MARKETS));
  for (let d = 0; d < days; d++) {
    const day = new Date(firstDay.getTime() + d * DAY);
    const dayNoise = 0.9 + rng() * 0.2;
    const perSlot = senders.map((s, k) => {
      const t = s.traffic;
      const campaign = (CAMPAIGN_KINDS.has(t.kind) ? CAMPAIGNS : []).concat(t.spikes ?? []).find((c) => c.day === d);
      const growth = 1 + (t.growth ?? 0.5) * (d / Math.max(1, days - 1));
      backlog[k] += VOLUME * t.perDay * growth * WEEKDAY[t.kind][day.getUTCDay()] * (campaign?.factor ?? 1) * dayNoise * (0.75 + rng() * 0.5);
      // a quiet member saves up its messages and sends them every few days, in one request
      if (backlog[k] < MIN_REQUEST && d < days - 1) return { campaign: false, counts: SLOT_HOURS.map(() => 0) };
      const count = roundRandom(rng, backlog[k]);
      backlog[k] = 0;
      return { campaign: campaign !== undefined, counts: spreadOverSlots(rng, count, SLOT_WEIGHTS[t.kind]) };
    });

    SLOT_HOURS.forEach((hour, i) => {
      const at = new Date(day.getTime() + hour * HOUR + int(rng, 0, 55) * 60_000 + int(rng, 0, 59) * 1000 + int(rng, 0, 999));
      const slot: PlannedSlot = {
        at,
        sentAt: new Date(at.getTime() + int(rng, 1_000, 3_000)),
        doneAt: new Date(at.getTime() + int(rng, 5_000, 40_000)),
        sends: [],
      };
      senders.forEach((s, k) => {
        let count = perSlot[k].counts[i];
        const monthKey = `${s.accountId}:${at.getUTCFullYear()}-${at.getUTCMonth()}`;
        if (s.monthlyLimit !== null) {
          const room = s.monthlyLimit - (used.get(monthKey) ?? 0);
          if (count > room) {
            trimmed += count - room;
            count = room;
          }
        }
        if (count <= 0) return;
        const messages: PlannedMessage[] = [];
        let cost = 0n;
        const budget = remaining.get(s.payerId);
        for (let m = 0; m < count; m++) {
          const country = destinations[k](rng);
          const pricePerSegment = s.prices.get(country);
          if (pricePerSegment === undefined) throw new Error(`no price for ${country}`);
          const body = composeText(s.traffic, country, { rng, brand: s.traffic.senderId, day, campaign: perSlot[k].campaign });
          const { encoding, segments } = countSegments(body);
          const price = pricePerSegment * BigInt(segments);
          if (budget !== undefined && cost + price > budget) {
            trimmed += count - m;
            break;
          }
          cost += price;
          const r = rng();
          const failure = failureRate(country);
          const fate: Fate =
            r < failure * 0.3 ? "rejected" : r < failure * 0.75 ? "undeliverable" : r < failure ? "unknown_subscriber" : r < failure + 0.004 ? "no_receipt" : "delivered";
          messages.push({ recipient: pools.draw(country), country, body, encoding, segments, pricePerSegment, fate });
        }
        if (messages.length === 0) return;
        used.set(monthKey, (used.get(monthKey) ?? 0) + messages.length);
        // refunds of this slot's failures come back seconds later, before the next slot spends
        const refunded = messages.filter((m) => m.fate !== "delivered" && m.fate !== "no_receipt").reduce((sum, m) => sum + m.pricePerSegment * BigInt(m.segments), 0n);
        if (budget !== undefined) remaining.set(s.payerId, budget - cost + refunded);
        slot.sends.push({ accountId: s.accountId, apiKeyId: s.apiKeyId, senderId: s.traffic.senderId, batchId: uuid(rng), messages });
      });
      if (slot.sends.length > 0) slots.push(slot);
    });
  }
  return { slots, trimmed };
}

// ------------------------------------------------------------------------------------------------ writing

/** The window: 90 whole UTC days up to yesterday, and the moment the demo's money arrives, the day before. */
export function historyWindow(now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = today - HISTORY_DAYS * DAY;
  return { firstDay: new Date(firstDay), fundedAt: new Date(firstDay - DAY + 9 * HOUR), today: new Date(today) };
}

/** Backdating (p_at) is refused unless the transaction says it is the seed; the setting ends with it. */
export async function allowBackfill(tx: DbClient) {
  await tx.$queryRaw`SELECT set_config('subledger.backfill', 'on', true)`;
}

export type BackdatedTransfer = {
  tenantId: number;
  kind: TransferKind;
  fromAccountId: number;
  toAccountId: number;
  amount: bigint;
  idempotencyKey: string;
  memo: string;
  actor: Actor;
};

/**
 * Posts transfers with a past date through ledger_post_transfers(items, p_at), in the order given (one call:
 * the function tracks balances as it goes, so a child's credit may follow its parent's). Throws on any refusal.
 */
export async function postTransfersAt(tx: DbClient, transfers: BackdatedTransfer[], at: Date) {
  if (transfers.length === 0) return;
  const items = JSON.stringify(
    transfers.map((t, ord) => {
      const { actorUserId, actorApiKeyId } = actorColumns(t.actor);
      return {
        ord,
        tenant_id: t.tenantId,
        kind: t.kind,
        from_id: t.fromAccountId,
        to_id: t.toAccountId,
        amount: t.amount.toString(),
        idempotency_key: t.idempotencyKey,
        request_hash: transferRequestHash(t),
        actor_user_id: actorUserId,
        actor_api_key_id: actorApiKeyId,
        memo: t.memo,
      };
    }),
  );
  const rows = await tx.$queryRaw<{ ord: number; error_code: string | null; error_message: string | null }[]>`
    SELECT ord, error_code, error_message FROM ledger_post_transfers(${items}::jsonb, ${at}::timestamptz)`;
  const failed = rows.find((r) => r.error_code);
  if (failed) throw new Error(`seed transfer ${failed.ord} refused: ${failed.error_code} ${failed.error_message}`);
}

/** Mirrors send-messages.ts, so that seeded charges read like the app's. */
function chargeMemo(messages: PlannedMessage[]) {
  if (messages.length === 1) return `SMS to ${messages[0].recipient} (${messages[0].segments} segment${messages[0].segments === 1 ? "" : "s"})`;
  return `${messages.length} SMS`;
}

export type HistoryResult = { messages: number; requests: number; trimmed: number; ms: number };

/**
 * Writes the demo tenant's history inside the caller's transaction (which must be the seed's: it turns
 * backfill on). The senders must be active, their money already in place and dated before the window.
 */
export async function seedHistory(tx: DbClient, { tenantId, senders, now = new Date() }: { tenantId: number; senders: HistorySender[]; now?: Date }): Promise<HistoryResult> {
  const started = performance.now();
  await allowBackfill(tx);
  const { firstDay } = historyWindow(now);
  const accounts = await tx.account.findMany({
    where: { tenantId, kind: "customer" },
    select: { id: true, path: true, paymentModel: true, invoicingAccountId: true, balance: true, monthlyVolumeLimit: true },
  });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const planSenders: PlanSender[] = [];
  const budgets = new Map<number, bigint>();
  for (const sender of senders) {
    const account = byId.get(sender.accountId);
    if (!account) throw new Error(`sender ${sender.accountId} is not in tenant ${tenantId}`);
    // messaging_send's rule: the nearest prepaid account on the path pays, else the invoicing account
    const payer = [...account.path].reverse().map((id) => byId.get(id)!).find((a) => a.paymentModel === "prepaid");
    const payerId = payer?.id ?? account.invoicingAccountId!;
    // a prepaid payer keeps a tenth of its balance (at least EUR 5), so the demo opens with money everywhere
    if (payer && !budgets.has(payer.id)) {
      const keep = payer.balance / 10n > 5_000_000n ? payer.balance / 10n : 5_000_000n;
      budgets.set(payer.id, payer.balance > keep ? payer.balance - keep : 0n);
    }
    const countries = Object.keys(sender.traffic.markets ?? MAIN_MARKETS);
    const prices = await effectivePrices(tx, tenantId, sender.accountId, countries);
    planSenders.push({ ...sender, payerId, monthlyLimit: account.monthlyVolumeLimit, prices });
  }
  const { slots, trimmed } = planHistory({ senders: planSenders, budgets, firstDay });

  const twoStepsFrom = firstDay.getTime() + (HISTORY_DAYS - TWO_STEP_DAYS) * DAY;

  let messages = 0;
  let requests = 0;
  let analyzedAt = 0;
  for (const slot of slots) {
    // The tables grow by tens of thousands of rows inside this one transaction, where autovacuum cannot see
    // them: without fresh statistics the functions' plans (made while the log was empty) read every message of
    // the tenant on each call. ANALYZE counts the transaction's own rows; once per doubling is enough.
    if (messages >= 2 * analyzedAt && messages >= 500) {
      await tx.$executeRaw`ANALYZE message, message_event, message_stats_daily, transfer`;
      analyzedAt = messages;
    }
    const items = JSON.stringify(
      slot.sends.map((s, ord) => ({
        ord,
        tenant_id: tenantId,
        account_id: s.accountId,
        api_key_id: s.apiKeyId,
        actor_user_id: null,
        batch_id: s.batchId,
        idempotency_key: null,
        request_hash: null,
        sender_id: s.senderId,
        callback_url: null,
        memo: chargeMemo(s.messages),
        // the function prices each destination itself, as for the app's sends
        messages: s.messages.map((m, i) => ({ ord: i, recipient: m.recipient, country: m.country, body: m.body, encoding: m.encoding, segments: m.segments })),
      })),
    );
    const rows = await tx.$queryRaw<{ ord: number; error_code: string | null; error_message: string | null; message_id: bigint | null }[]>`
      SELECT ord, error_code, error_message, message_id FROM messaging_send(${items}::jsonb, ${slot.at}::timestamptz)`;
    const refused = rows.find((r) => r.error_code);
    if (refused) throw new Error(`seeded send refused (${slot.at.toISOString()}): ${refused.error_code} ${refused.error_message}`);

    // each request's messages come back numbered in request order
    const ids = new Map<number, bigint[]>();
    for (const r of rows) (ids.get(r.ord) ?? ids.set(r.ord, []).get(r.ord)!).push(r.message_id!);
    const twoSteps = slot.at.getTime() >= twoStepsFrom;
    const first: object[] = [];
    const receipts: object[] = [];
    slot.sends.forEach((s, ord) => {
      const messageIds = ids.get(ord)!.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (messageIds.length !== s.messages.length) throw new Error(`request ${ord} wrote ${messageIds.length} of ${s.messages.length} messages`);
      s.messages.forEach((m, i) => {
        const id = messageIds[i].toString();
        const provider_id = `sbx-${s.batchId.slice(0, 8)}-${i}`;
        if (m.fate === "rejected") return void first.push({ id, status: "failed", error_code: m.fate, detail: FAILURES[m.fate] });
        if (twoSteps || m.fate === "no_receipt") first.push({ id, status: "sent", provider_id });
        if (m.fate === "no_receipt") return;
        const final = m.fate === "delivered" ? { id, status: "delivered", provider_id } : { id, status: "failed", provider_id, error_code: m.fate, detail: FAILURES[m.fate] };
        (twoSteps ? receipts : first).push(final);
      });
      messages += s.messages.length;
      requests++;
    });
    await tx.$queryRaw`SELECT count(*) FROM messaging_set_status(${tenantId}::int, ${JSON.stringify(first)}::jsonb, ${twoSteps ? slot.sentAt : slot.doneAt}::timestamptz)`;
    if (receipts.length > 0) {
      await tx.$queryRaw`SELECT count(*) FROM messaging_set_status(${tenantId}::int, ${JSON.stringify(receipts)}::jsonb, ${slot.doneAt}::timestamptz)`;
    }
  }
  return { messages, requests, trimmed, ms: Math.round(performance.now() - started) };
}
