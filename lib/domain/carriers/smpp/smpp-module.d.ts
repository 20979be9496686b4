// smpp@0.5.1 ships no types (@types/smpp does not exist). Only what this folder uses is declared; the library
// is used for PDU encoding/decoding and socket framing, everything else is ours (../shared/notes/smpp.md §2).
declare module "smpp" {
  import { EventEmitter } from "node:events";
  import type { Server as NetServer, Socket } from "node:net";

  /** A decoded PDU: header fields plus one property per body field and TLV present. */
  export type Pdu = {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: any;
    isResponse(): boolean;
    response(fields?: Record<string, unknown>): Pdu;
  };

  export class PDU {
    constructor(command: string, fields?: Record<string, unknown>);
    command: string;
    sequence_number: number;
    isResponse(): boolean;
    toBuffer(): Buffer;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    /** false when the socket is not writable (nothing is sent); the sequence number is set inside. */
    send(pdu: PDU | Pdu): boolean;
    pause(): void;
    resume(): void;
    close(cb?: () => void): void;
    destroy(cb?: () => void): void;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  type FieldDef = { type: unknown; filter?: unknown; default?: unknown };

  const smpp: {
    connect(options: { host: string; port: number; tls?: boolean; servername?: string }): Session;
    createServer(onSession: (session: Session) => void): Server;
    PDU: typeof PDU;
    commands: Record<string, { id: number; params?: Record<string, FieldDef> }>;
    tlvs: Record<string, { id: number; type: unknown; filter?: unknown }>;
    errors: Record<string, number>;
  };
  export default smpp;
}
