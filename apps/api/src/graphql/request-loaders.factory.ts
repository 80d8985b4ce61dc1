import { IncidentsRepository, MessagesRepository, ServicesRepository } from '#persistence';
import { Injectable } from '@nestjs/common';
import { createIncidentLoaders, type IncidentLoaders } from '../incidents/incident.loaders.js';
import { createMessageLoaders, type MessageLoaders } from '../messages/message.loaders.js';
import { createServiceLoaders, type ServiceLoaders } from '../services/service.loaders.js';

/** Every loader a GraphQL operation may use: created per request (or per subscription event), never shared. */
export interface RequestLoaders {
  incidents: IncidentLoaders;
  services: ServiceLoaders;
  messages: MessageLoaders;
}

@Injectable()
export class RequestLoadersFactory {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly services: ServicesRepository,
    private readonly messages: MessagesRepository,
  ) {}

  create(): RequestLoaders {
    return {
      incidents: createIncidentLoaders(this.incidents),
      services: createServiceLoaders(this.services),
      messages: createMessageLoaders(this.messages),
    };
  }
}
