import { Injectable } from '@nestjs/common';
import { createIncidentLoaders, type IncidentLoaders } from '../incidents/incident.loaders.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { createMessageLoaders, type MessageLoaders } from '../messages/message.loaders.js';
import { MessagesRepository } from '../messages/messages.repository.js';
import { createServiceLoaders, type ServiceLoaders } from '../services/service.loaders.js';
import { ServicesRepository } from '../services/services.repository.js';

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
